package dev.llmops.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.secret.Placeholders;
import dev.llmops.secret.SecretNames;
import dev.llmops.yaml.YLocation;
import dev.llmops.yaml.YNode;
import dev.llmops.yaml.YNode.YList;
import dev.llmops.yaml.YNode.YMap;
import dev.llmops.yaml.YNode.YScalar;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds {@link ConnectionConfig}s. Every property except {@code name} and {@code connection_type} is kept (so
 * {@code rpm}, {@code tpm}, prices and other extras reach the code that reads them), stringified as Python's
 * {@code str()} would, with placeholders resolved. The entries of a mapping whose key contains {@code configs} or
 * {@code secrets} (custom connections) become properties of their own; {@code secrets} entries are always secret.
 */
final class ConnectionParser {

    static final List<String> KNOWN_TYPES = List.of(
            "AzureOpenAIConnection",
            "OpenAIConnection",
            "CognitiveSearchConnection",
            "CustomConnection",
            "FormRecognizerConnection",
            "SerpConnection",
            "AzureContentSafetyConnection",
            // llmops' own: answers from recordings, for offline runs and CI.
            "ReplayConnection");

    private final Problems problems;
    private final Nodes nodes;
    private final Placeholders placeholders;
    private final SecretPolicy policy;
    private final ConnectionOverrides overrides;
    private final Map<String, YLocation> apiBaseLocations = new LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    ConnectionParser(Problems problems, Placeholders placeholders, SecretPolicy policy, ConnectionOverrides overrides) {
        this.problems = problems;
        this.nodes = new Nodes(problems);
        this.placeholders = placeholders;
        this.policy = policy;
        this.overrides = overrides;
    }

    /** Where each connection's {@code api_base} (else the connection) was written, after {@link #connections}. */
    Map<String, YLocation> apiBaseLocations() {
        return Map.copyOf(apiBaseLocations);
    }

    List<ConnectionConfig> connections(YList list) {
        Map<String, ConnectionConfig> byName = new LinkedHashMap<>();
        Map<String, YLocation> where = new LinkedHashMap<>();
        for (YNode item : list.items()) {
            if (!(item instanceof YMap map)) {
                problems.error(
                        item.location(),
                        "a connection must be a mapping, found " + Nodes.kind(item),
                        "write - name: aoai  connection_type: AzureOpenAIConnection ...");
                continue;
            }
            connection(map).ifPresent(c -> {
                if (byName.putIfAbsent(c.name(), c) != null) {
                    problems.error(
                            map.location(),
                            "connection name '" + c.name() + "' is used twice (first at line "
                                    + where.get(c.name()).line() + ")",
                            "give every connection a unique name");
                } else {
                    where.put(c.name(), map.location());
                }
            });
        }
        return List.copyOf(byName.values());
    }

    private Optional<ConnectionConfig> connection(YMap map) {
        Optional<String> name = nodes.requiredText(map, "name", "connection", "aoai");
        String owner = "connection '" + name.orElse("?") + "'";
        Optional<String> type = nodes.requiredText(map, "connection_type", owner, "AzureOpenAIConnection");
        type.ifPresent(t -> {
            if (KNOWN_TYPES.stream().noneMatch(k -> k.equalsIgnoreCase(t))) {
                problems.warning(
                        map.locationOf("connection_type"),
                        owner + ": unknown connection_type '" + t + "'",
                        Suggestions.hint(t, KNOWN_TYPES, "known types: " + String.join(", ", KNOWN_TYPES)));
            }
        });
        Map<String, String> properties = new LinkedHashMap<>();
        Set<String> secret = new HashSet<>();
        String connectionName = name.orElse("");
        name.ifPresent(n -> apiBaseLocations.put(
                n, map.has("api_base") ? map.get("api_base").location() : map.location()));
        map.entries().forEach((key, value) -> {
            if (key.equals("name") || key.equals("connection_type")) {
                return;
            }
            if (value instanceof YMap nested && (key.contains("configs") || key.contains("secrets"))) {
                nested.entries()
                        .forEach((subKey, subValue) -> property(
                                connectionName, owner, subKey, subValue, key.contains("secrets"), properties, secret));
            } else {
                property(connectionName, owner, key, value, false, properties, secret);
            }
        });
        if (name.isEmpty() || type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ConnectionConfig(name.get(), type.get(), properties, secret));
    }

    private void property(
            String connection,
            String owner,
            String key,
            YNode value,
            boolean alwaysSecret,
            Map<String, String> properties,
            Set<String> secret) {
        String text =
                switch (value) {
                    case YScalar s -> Nodes.pythonText(s);
                    case YMap m -> toJson(m);
                    case YList l -> toJson(l);
                };
        if (text == null) {
            return; // "key:" with no value means not set
        }
        Placeholders.Resolution r = placeholders.resolve(text, connection);
        if (!r.isComplete()) {
            for (String variable : r.missing()) {
                String message =
                        owner + ": '" + key + "' needs environment variable " + variable + ", which is not set";
                String hint =
                        "set " + variable + " in the environment or in a .env file; .env.example lists the variables";
                // A field the command line sets (or a connection it replaces) needs no variable.
                SecretPolicy applied = overrides.overrides(connection, key) ? SecretPolicy.IGNORE : policy;
                switch (applied) {
                    case REQUIRED -> problems.error(value.location(), message, hint);
                    case WARN -> problems.warning(value.location(), message, hint);
                    case IGNORE -> {}
                }
            }
            // Unresolved: keep the placeholder text, which is not a secret.
            properties.put(key, text);
            return;
        }
        properties.put(key, r.value());
        boolean secretNamed = SecretNames.isSecret(key);
        if (alwaysSecret || secretNamed) {
            placeholders.registerLiteralSecret(r.value());
        }
        // A literal secret-named value stays out of secretProperties (which means "came from a secret"): the image
        // planner refuses exactly those. ExperimentView masks it by its name, the masker in every printed line.
        if (r.hadPlaceholder() || alwaysSecret) {
            secret.add(key);
        }
        if ((alwaysSecret || secretNamed) && !r.hadPlaceholder() && isCredible(r.value())) {
            String file = value.location().file() == null
                    ? "the experiment file"
                    : value.location().file().getFileName().toString();
            problems.warning(
                    value.location(),
                    owner + ": '" + key + "' holds a secret written literally in " + file
                            + ", a file that is usually committed (the value is masked, but anyone who can read the"
                            + " repository has it)",
                    "write " + key + ": ${" + key + "} and set " + environmentName(connection, key)
                            + " in the environment or in a .env file kept out of version control; rotate the"
                            + " secret if it was ever committed");
        }
    }

    /** The variable {@code ${key}} in connection {@code connection} falls back to, e.g. {@code AOAI_API_KEY}. */
    private static String environmentName(String connection, String key) {
        return (connection + "_" + key).toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }

    /**
     * Template connection files hold stand-ins such as {@code <user-input>} or {@code to_replace_with_api_key}
     * where a secret goes; those are not secrets to warn about.
     */
    private static boolean isCredible(String value) {
        String v = value.strip();
        return !v.isEmpty()
                && !(v.startsWith("<") && v.endsWith(">"))
                && !v.toLowerCase(java.util.Locale.ROOT).startsWith("to_replace");
    }

    private String toJson(YNode node) {
        try {
            return json.writeValueAsString(node.toPlain());
        } catch (JsonProcessingException e) {
            return String.valueOf(node.toPlain());
        }
    }
}
