package dev.llmops.ci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** YAML read into plain maps and lists, and the small accessors the pipeline checks share. */
final class Yaml {

    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

    private Yaml() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path file) {
        try {
            Object value = MAPPER.readValue(file.toFile(), Object.class);
            if (!(value instanceof Map)) throw new AssertionError(file + ": not a YAML mapping");
            return (Map<String, Object>) value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    static String str(Object value) {
        if (value == null) return "";
        if (value instanceof Double d && d == Math.rint(d)) return Long.toString(d.longValue());
        return value.toString();
    }

    /** Replaces every {@code open expr close} in text with the expression's value. */
    static String interpolate(String text, Pattern pattern, java.util.function.Function<String, Object> eval) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(str(eval.apply(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
