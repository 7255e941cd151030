package dev.llmops.flow;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.secret.SecretMasker;
import dev.llmops.yaml.YNode;
import dev.llmops.yaml.YNode.YMap;
import dev.llmops.yaml.YNode.YScalar;
import dev.llmops.yaml.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a connection YAML as Prompt Flow writes them ({@code pf connection create -f}): {@code name},
 * {@code type} (or {@code connection_type}) and properties such as {@code api_base}, {@code api_key},
 * {@code api_version}. Whole-value {@code ${VAR}} placeholders are resolved from the environment; values of
 * key-like properties are secrets and are registered with the masker, never printed.
 */
public final class ConnectionFiles {

    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)}$");
    private static final Map<String, String> TYPES = Map.of(
            "azure_open_ai", "AzureOpenAIConnection",
            "azureopenai", "AzureOpenAIConnection",
            "azureopenaiconnection", "AzureOpenAIConnection",
            "open_ai", "OpenAIConnection",
            "openai", "OpenAIConnection",
            "openaiconnection", "OpenAIConnection");

    private final SystemEnv env;
    private final SecretMasker masker;

    public ConnectionFiles(SystemEnv env, SecretMasker masker) {
        this.env = env;
        this.masker = masker;
    }

    /**
     * @param name the name given on the command line; it wins over the file's {@code name}
     * @throws ConfigException naming the file, line and missing variable or field
     */
    public ConnectionConfig load(String name, Path file) {
        YNode root = YamlReader.read(file)
                .orElseThrow(() -> ConfigException.at(file, 0, 0, "connection file is empty", "add type and api_base"));
        if (!(root instanceof YMap map)) {
            throw ConfigException.at(file, 1, 1, "a connection file must be a mapping", null);
        }
        List<Problem> problems = new ArrayList<>();
        String type = null;
        Map<String, String> props = new LinkedHashMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        for (Map.Entry<String, YNode> e : map.entries().entrySet()) {
            String key = e.getKey();
            YNode value = e.getValue();
            if (key.equals("name") || key.equals("$schema") || key.equals("module")) {
                continue;
            }
            if (!(value instanceof YScalar s)) {
                // Nested blocks (configs/secrets of custom connections) are flattened one level.
                if (value instanceof YMap nested) {
                    nested.entries().forEach((k, v) -> put(file, k, v, props, secrets, problems));
                }
                continue;
            }
            if (key.equals("type") || key.equals("connection_type")) {
                String raw = s.asText();
                type = TYPES.getOrDefault(raw.toLowerCase(Locale.ROOT).replace("-", "_"), raw);
                continue;
            }
            put(file, key, value, props, secrets, problems);
        }
        if (type == null) {
            problems.add(Problem.error(
                    file,
                    map.location().line(),
                    1,
                    "connection '" + name + "' has no type",
                    "add type: azure_open_ai or type: open_ai"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ConnectionConfig(name, type, props, secrets);
    }

    private void put(
            Path file,
            String key,
            YNode value,
            Map<String, String> props,
            Set<String> secrets,
            List<Problem> problems) {
        if (!(value instanceof YScalar s) || s.isNull()) {
            return;
        }
        String text = s.asText();
        Matcher m = PLACEHOLDER.matcher(text.strip());
        boolean secret = isSecretKey(key);
        if (m.matches()) {
            String resolved = env.get(m.group(1)).orElse(null);
            if (resolved == null) {
                problems.add(Problem.error(
                        file,
                        s.location().line(),
                        s.location().column(),
                        key + " refers to environment variable " + m.group(1) + ", which is not set",
                        "export " + m.group(1) + " or put it in .env"));
                return;
            }
            text = resolved;
            // A value that came from the environment may be a secret whatever its key is called.
            secret = secret || !key.endsWith("api_base") && !key.endsWith("api_version") && !key.equals("api_type");
        }
        if (secret) {
            secrets.add(key);
            masker.register(text);
        }
        props.put(key, text);
    }

    private static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("key") || k.contains("secret") || k.contains("password") || k.contains("token");
    }
}
