package dev.llmops.flow.flex;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a class entry's constructor parameters. Sources, each laid over the previous one key by key: the
 * {@code init} defaults of {@code flow.flex.yaml}; {@code init.json} beside the flow (the template's run init),
 * or {@code sample.init} when there is no {@code init.json}; {@code PF_FLOW_INIT_CONFIG} (as in deployments);
 * the command line's {@code --init-file} and {@code --init k=v}. Placeholders follow the template: a whole
 * {@code ${...}} string inside a mapping reads {@code <KEY>_<SUBKEY>} upper-cased, a top-level one {@code <KEY>},
 * {@code ${env:NAME}} reads {@code NAME}; an unset variable leaves the text as written.
 */
public final class FlexInit {

    /** The deployment variable holding the init parameters as one JSON object. */
    public static final String INIT_VARIABLE = "PF_FLOW_INIT_CONFIG";

    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([^}]*)}$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private FlexInit() {}

    /**
     * @throws ConfigException when {@code init.json} or {@code PF_FLOW_INIT_CONFIG} is not a JSON object
     */
    public static Map<String, Object> resolve(FlexEntry entry, FlexSettings settings) {
        Map<String, String> vars = settings.variables();
        Map<String, Object> out = new LinkedHashMap<>();
        entry.init().values().forEach(p -> {
            if (p.hasDefault()) {
                out.put(p.name(), p.defaultValue());
            }
        });
        Path initJson = entry.dir().resolve("init.json");
        if (Files.isRegularFile(initJson)) {
            out.putAll(readObject(initJson));
        } else {
            out.putAll(entry.sampleInit());
        }
        String fromEnv = vars.get(INIT_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            out.putAll(parseObject(fromEnv, INIT_VARIABLE));
        }
        out.putAll(settings.init());
        Map<String, Object> resolved = new LinkedHashMap<>();
        out.forEach((k, v) -> resolved.put(k, placeholders(k, v, vars)));
        return resolved;
    }

    /** The init of {@code --init-file}: a JSON object. */
    public static Map<String, Object> readObject(Path file) {
        try {
            return parseObject(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw ConfigException.at(file, 0, 0, "cannot read init file: " + e.getMessage(), null);
        }
    }

    /** {@code --init k=v}: a value that reads as JSON (a number, an object) is that, else the text. */
    public static Object parseValue(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseObject(String text, String where) {
        try {
            Object value = JSON.readValue(text, Object.class);
            if (value instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            throw ConfigException.of(
                    where + " must hold a JSON object of init parameter name to value",
                    "e.g. {\"model_config\": {\"connection\": \"aoai\"}, \"max_total_token\": 2048}");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            Path file = where.equals(INIT_VARIABLE) ? null : Path.of(where);
            String message = "not valid JSON: " + e.getOriginalMessage();
            if (file == null) {
                throw ConfigException.of(INIT_VARIABLE + " is " + message, "set it to a JSON object");
            }
            throw ConfigException.at(
                    file,
                    at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(),
                    message,
                    "fix the JSON (an object of init parameter name to value)");
        }
    }

    @SuppressWarnings("unchecked")
    private static Object placeholders(String key, Object value, Map<String, String> vars) {
        if (value instanceof String s) {
            return substitute(s, key, vars);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m)
                    .forEach(
                            (sub, v) -> out.put(sub, v instanceof String s ? substitute(s, key + "_" + sub, vars) : v));
            return out;
        }
        return value;
    }

    private static String substitute(String text, String variable, Map<String, String> vars) {
        Matcher m = PLACEHOLDER.matcher(text.strip());
        if (!m.matches()) {
            return text;
        }
        String inner = m.group(1).strip();
        String name = inner.startsWith("env:") ? inner.substring(4).strip() : variable.toUpperCase(Locale.ROOT);
        String found = vars.get(name);
        return found == null || found.isEmpty() ? text : found;
    }
}
