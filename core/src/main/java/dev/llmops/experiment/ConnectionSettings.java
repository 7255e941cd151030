package dev.llmops.experiment;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.flow.ConnectionFiles;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.secret.SecretMasker;
import dev.llmops.secret.Variables;
import dev.llmops.yaml.YLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies what changes a connection without editing the experiment files, in this order (later wins):
 * {@code <NAME>_API_BASE} from the environment (or a {@code .env} file) for a connection that has an
 * {@code api_base}, then {@code --connection NAME=FILE}, then {@code --set connections.NAME.FIELD=VALUE}. Then warns
 * about a connection still pointing at the Prompt Flow template's example endpoint.
 */
final class ConnectionSettings {

    /** The endpoint every experiment of the Prompt Flow LLMOps template hard-codes; nobody else's key opens it. */
    static final String DEMO_HOST = "demoopenaiexamples.openai.azure.com";

    private static final List<String> ENDPOINT_KEYS = List.of("api_base", "base_url", "endpoint", "azure_endpoint");

    private final Problems problems;
    private final Variables variables;
    private final SystemEnv env;
    private final SecretMasker masker;

    ConnectionSettings(Problems problems, Variables variables, SystemEnv env, SecretMasker masker) {
        this.problems = problems;
        this.variables = variables;
        this.env = env;
        this.masker = masker;
    }

    /**
     * @param apiBaseAt where each connection's {@code api_base} (else the connection) was written
     */
    List<ConnectionConfig> apply(
            List<ConnectionConfig> connections,
            Map<String, YLocation> apiBaseAt,
            ConnectionOverrides overrides,
            Path experimentFile) {
        Map<String, ConnectionConfig> byName = new LinkedHashMap<>();
        for (ConnectionConfig c : connections) {
            byName.put(c.name(), fromEnvironment(c, apiBaseAt, experimentFile));
        }
        overrides.files().forEach((name, file) -> {
            try {
                byName.put(name, new ConnectionFiles(env, masker).load(name, file));
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        });
        overrides.fields().forEach((name, fields) -> {
            ConnectionConfig c = byName.get(name);
            if (c == null) {
                problems.add(Problem.error(
                        null,
                        0,
                        0,
                        "--set connections." + name + "...: the experiment has no connection '" + name + "'",
                        Suggestions.hint(
                                name,
                                byName.keySet(),
                                byName.isEmpty()
                                        ? "add it with --connection " + name + "=FILE"
                                        : "connections: " + String.join(", ", byName.keySet()))));
                return;
            }
            Map<String, String> properties = new LinkedHashMap<>(c.properties());
            Set<String> secrets = new HashSet<>(c.secretProperties());
            fields.forEach((field, value) -> {
                properties.put(field, value);
                if (isSecretKey(field)) {
                    secrets.add(field);
                    masker.register(value);
                } else {
                    secrets.remove(field);
                }
            });
            byName.put(name, new ConnectionConfig(name, c.type(), properties, secrets));
        });
        byName.values().forEach(c -> warnAboutDemoHost(c, apiBaseAt, overrides, experimentFile));
        return new ArrayList<>(byName.values());
    }

    /** {@code AOAI_API_BASE} is the api_base of connection {@code aoai}, over what the file says. */
    private ConnectionConfig fromEnvironment(ConnectionConfig c, Map<String, YLocation> apiBaseAt, Path file) {
        String written = c.property("api_base");
        if (written == null) {
            return c;
        }
        String variable = variableOf(c.name());
        String value = variables.get(variable).map(String::strip).orElse(null);
        if (value == null || value.equals(written)) {
            return c;
        }
        if (!c.secretProperties().contains("api_base") && !written.contains("${")) {
            YLocation at = apiBaseAt.getOrDefault(c.name(), YLocation.unknown(file));
            problems.warning(
                    at,
                    "connection '" + c.name() + "': api_base comes from " + variable + " (" + value + "), not from"
                            + " the " + written + " written here",
                    "unset " + variable + " to use the file's value");
        }
        Map<String, String> properties = new LinkedHashMap<>(c.properties());
        properties.put("api_base", value);
        Set<String> secrets = new HashSet<>(c.secretProperties());
        secrets.remove("api_base");
        return new ConnectionConfig(c.name(), c.type(), properties, secrets);
    }

    private void warnAboutDemoHost(
            ConnectionConfig c, Map<String, YLocation> apiBaseAt, ConnectionOverrides overrides, Path file) {
        for (String key : ENDPOINT_KEYS) {
            String value = c.property(key);
            if (value != null && value.toLowerCase(Locale.ROOT).contains(DEMO_HOST)) {
                YLocation at = overrides.files().containsKey(c.name())
                        ? YLocation.unknown(overrides.files().get(c.name()))
                        : apiBaseAt.getOrDefault(c.name(), YLocation.unknown(file));
                problems.warning(
                        at,
                        "connection '" + c.name() + "' points at " + DEMO_HOST
                                + ", the Prompt Flow template's example endpoint; calls to it will fail with your key",
                        "set " + variableOf(c.name()) + "=https://<your-resource>.openai.azure.com/ (environment or"
                                + " .env), or pass --set connections." + c.name() + "." + key + "=URL or --connection "
                                + c.name() + "=FILE");
                return;
            }
        }
    }

    static String variableOf(String connection) {
        return connection.toUpperCase(Locale.ROOT).replace('-', '_') + "_API_BASE";
    }

    private static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("key") || k.contains("secret") || k.contains("password") || k.contains("token");
    }
}
