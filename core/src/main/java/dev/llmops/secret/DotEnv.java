package dev.llmops.secret;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed {@code .env} file: {@code KEY=VALUE} lines, an optional {@code export } prefix, single or double
 * quotes, {@code #} comments and blank lines. Values are secrets: they never appear in error messages.
 *
 * @param file where it was read from
 * @param values key to value, in file order (a later duplicate wins, as in a shell)
 */
public record DotEnv(Path file, Map<String, String> values) {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    public DotEnv {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Reads a {@code .env} file.
     *
     * @throws ConfigException listing every malformed line (without its value)
     */
    public static DotEnv read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigException.at(file, 0, 0, "cannot read .env file: " + e.getMessage(), null);
        }
        return parse(file, text);
    }

    /** Parses {@code .env} text; {@code file} is only used in messages. */
    public static DotEnv parse(Path file, String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq).strip();
            if (eq < 0 || !KEY.matcher(key).matches()) {
                problems.add(Problem.error(
                        file,
                        i + 1,
                        1,
                        "malformed .env line",
                        "write KEY=VALUE, with a key of letters, digits and underscores"));
                continue;
            }
            String value = unquote(line.substring(eq + 1).strip());
            if (value == null) {
                problems.add(Problem.error(
                        file,
                        i + 1,
                        eq + 2,
                        "unterminated quoted value for " + key,
                        "close the quote on the same line"));
                continue;
            }
            values.put(key, value);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new DotEnv(file, values);
    }

    /** The value without quotes or a trailing comment; null when a quote is not closed. */
    private static String unquote(String raw) {
        if (raw.startsWith("\"") || raw.startsWith("'")) {
            char quote = raw.charAt(0);
            int end = raw.indexOf(quote, 1);
            while (quote == '"' && end > 0 && raw.charAt(end - 1) == '\\') {
                end = raw.indexOf(quote, end + 1);
            }
            if (end < 0) {
                return null;
            }
            String inner = raw.substring(1, end);
            return quote == '"'
                    ? inner.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\")
                    : inner;
        }
        // An unquoted value ends at " #", so that "KEY=value # note" works; "a#b" stays whole.
        int comment = raw.indexOf(" #");
        return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    }
}
