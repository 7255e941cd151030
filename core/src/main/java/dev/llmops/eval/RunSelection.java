package dev.llmops.eval;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which standard runs to evaluate, as given to {@code --runs} (alias {@code --run_id}): {@code latest}, a file
 * holding run ids, a list literal, or comma-separated ids.
 */
public sealed interface RunSelection permits RunSelection.Latest, RunSelection.Ids {

    /** The runs of the most recent {@code llmops run} of the experiment. */
    record Latest() implements RunSelection {}

    /** Explicit run ids, in the order given (reports keep it). */
    record Ids(List<String> runIds) implements RunSelection {
        public Ids {
            runIds = List.copyOf(runIds);
        }
    }

    /**
     * Parses the option value. A value naming an existing file (relative to the working directory) is read, so
     * the template's {@code run_id.txt} works: its content is a JSON array or a Python list literal such as
     * {@code ['web_classification_variant_0_2024', 'web_classification_variant_1_2024']}. Otherwise the value is
     * such a list itself or ids separated by commas ({@code a,b}, which the template rejected).
     *
     * @throws ConfigException for an empty file or list, or a malformed literal
     */
    static RunSelection parse(String value, SystemEnv env) {
        String text = value.strip();
        if (text.equals("latest")) {
            return new Latest();
        }
        String source = "--runs " + value;
        if (!text.isEmpty() && !text.startsWith("[")) {
            Path file = env.resolve(text);
            if (Files.isRegularFile(file)) {
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw ConfigException.of("cannot read run ids from " + file + ": " + e.getMessage(), null);
                }
                source = "run id file " + file;
                if (text.isEmpty()) {
                    throw ConfigException.of(
                            source + " is empty", "run `llmops run` first; it writes the ids of the runs it made");
                }
            }
        }
        List<String> ids = text.startsWith("[") ? listLiteral(text, source) : commaSeparated(text);
        if (ids.isEmpty()) {
            throw ConfigException.of(source + " names no run", "pass run ids (a,b), a file holding them, or 'latest'");
        }
        return new Ids(ids);
    }

    private static List<String> commaSeparated(String text) {
        List<String> ids = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                ids.add(part.strip());
            }
        }
        return ids;
    }

    /** A JSON array or Python list literal of strings; single or double quotes, backslash escapes. */
    private static List<String> listLiteral(String text, String source) {
        String hint = "write the ids as [\"run_a\", \"run_b\"] or run_a,run_b";
        if (!text.endsWith("]")) {
            throw ConfigException.of(source + ": list literal is not closed with ]", hint);
        }
        List<String> ids = new ArrayList<>();
        String body = text.substring(1, text.length() - 1);
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (Character.isWhitespace(c) || c == ',') {
                i++;
                continue;
            }
            if (c != '\'' && c != '"') {
                throw ConfigException.of(
                        source + ": expected a quoted run id at position " + (i + 2) + ", found '" + c + "'", hint);
            }
            StringBuilder id = new StringBuilder();
            int j = i + 1;
            while (j < body.length() && body.charAt(j) != c) {
                if (body.charAt(j) == '\\' && j + 1 < body.length()) {
                    j++;
                }
                id.append(body.charAt(j));
                j++;
            }
            if (j >= body.length()) {
                throw ConfigException.of(source + ": unterminated string starting at position " + (i + 2), hint);
            }
            ids.add(id.toString());
            i = j + 1;
        }
        return ids;
    }
}
