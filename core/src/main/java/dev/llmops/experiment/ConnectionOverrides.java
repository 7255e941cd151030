package dev.llmops.experiment;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.secret.SecretMasker;
import dev.llmops.secret.Variables;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Connection settings given on the command line, so that a template project runs without editing its files:
 * {@code --connection NAME=FILE} replaces (or adds) connection {@code NAME} with a Prompt Flow connection YAML, and
 * {@code --set connections.NAME.FIELD=VALUE} sets one property of it. They apply after the overlay and after
 * {@code <NAME>_API_BASE} from the environment, in that order (docs/connections.md).
 *
 * @param files connection name → connection YAML, absolute
 * @param fields connection name → property → value, in the order given
 */
public record ConnectionOverrides(Map<String, Path> files, Map<String, Map<String, String>> fields) {

    private static final Pattern SET =
            Pattern.compile("connections\\.([A-Za-z0-9_\\-]+)\\.([A-Za-z0-9_\\-]+)=(.*)", Pattern.DOTALL);

    public ConnectionOverrides {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        fields = Collections.unmodifiableMap(copy);
    }

    public static ConnectionOverrides none() {
        return new ConnectionOverrides(Map.of(), Map.of());
    }

    /**
     * Parses {@code --connection} and {@code --set} values.
     *
     * @param connections {@code NAME=FILE} pairs, FILE already resolved against the working directory
     * @param sets {@code connections.NAME.FIELD=VALUE} arguments
     * @throws ConfigException for a {@code --set} that does not name a connection field
     */
    public static ConnectionOverrides parse(Map<String, Path> connections, List<String> sets) {
        Objects.requireNonNull(connections, "connections");
        Map<String, Map<String, String>> fields = new LinkedHashMap<>();
        for (String set : sets) {
            Matcher m = SET.matcher(set.strip());
            if (!m.matches()) {
                throw ConfigException.of(
                        "--set '" + redact(set) + "' is not connections.NAME.FIELD=VALUE",
                        "write e.g. --set connections.aoai.api_base=https://my-resource.openai.azure.com/");
            }
            fields.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put(m.group(2), m.group(3));
        }
        return new ConnectionOverrides(connections, fields);
    }

    /** Whether the command line sets {@code field} of {@code connection} (or replaces the whole connection). */
    boolean overrides(String connection, String field) {
        return files.containsKey(connection)
                || fields.getOrDefault(connection, Map.of()).containsKey(field);
    }

    public boolean isEmpty() {
        return files.isEmpty() && fields.isEmpty();
    }

    /**
     * The connections these overrides make on their own, without an experiment ({@code llmops flow test FLOW
     * --connection ...}): the files, then the fields.
     *
     * @throws ConfigException naming the file, line and missing variable, or a field of a connection not given
     */
    public List<ConnectionConfig> standalone(SystemEnv env, SecretMasker masker) {
        Problems problems = new Problems(env.workingDir());
        Variables variables = new Variables(env, List.of());
        List<ConnectionConfig> made =
                new ConnectionSettings(problems, variables, env, masker).apply(List.of(), Map.of(), this, null);
        if (problems.hasErrors()) {
            throw problems.toException();
        }
        return made;
    }

    /** The argument without its value, which may be a key. */
    private static String redact(String set) {
        int eq = set.indexOf('=');
        return eq < 0 ? set : set.substring(0, eq) + "=...";
    }
}
