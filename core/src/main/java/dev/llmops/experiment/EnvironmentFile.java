package dev.llmops.experiment;

import dev.llmops.error.ConfigException;
import dev.llmops.secret.Placeholders;
import dev.llmops.secret.Variables;
import dev.llmops.yaml.YNode;
import dev.llmops.yaml.YNode.YMap;
import dev.llmops.yaml.YNode.YScalar;
import dev.llmops.yaml.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code environment/env.yaml}: the flow's environment variables. Keys are upper-cased; a variable already set
 * in the environment (or a {@code .env} file) under the key's name wins; {@code ${NAME}} placeholders are
 * resolved like everywhere else; an empty value is an error. Values are kept verbatim, except that YAML booleans
 * and numbers are written {@code true}/{@code false} and as their decimal text (the template wrote Python's
 * {@code True}/{@code False}).
 */
final class EnvironmentFile {

    static final String RELATIVE_PATH = "environment/env.yaml";

    private final Problems problems;
    private final Variables variables;
    private final Placeholders placeholders;
    private final SecretPolicy policy;

    EnvironmentFile(Problems problems, Variables variables, Placeholders placeholders, SecretPolicy policy) {
        this.problems = problems;
        this.variables = variables;
        this.placeholders = placeholders;
        this.policy = policy;
    }

    Map<String, String> load(Path useCaseDir) {
        Path file = useCaseDir.resolve(RELATIVE_PATH);
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        Optional<YNode> root;
        try {
            root = YamlReader.read(file);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return out;
        }
        if (root.isEmpty() || Nodes.isNull(root.get())) {
            return out;
        }
        if (!(root.get() instanceof YMap map)) {
            problems.error(
                    root.get().location(),
                    "env.yaml must be a mapping of variable names to values, found " + Nodes.kind(root.get()),
                    "write one NAME: value per line");
            return out;
        }
        map.entries().forEach((rawKey, value) -> {
            String key = rawKey.strip().toUpperCase(Locale.ROOT);
            if (!(value instanceof YScalar scalar)) {
                problems.error(
                        value.location(),
                        "env.yaml: " + key + " must be text, found " + Nodes.kind(value),
                        "environment variables hold a single line of text");
                return;
            }
            String text = scalar.value() == null
                    ? null
                    : String.valueOf(scalar.value()).strip();
            if (variables.isDefined(key)) {
                // An existing variable named like the key wins, as in the template.
                String existing = variables.get(key).orElse("");
                if (Placeholders.containsPlaceholder(text)) {
                    placeholders.resolve(text); // registers the secret it stands for, so it is masked
                }
                out.put(key, existing);
                return;
            }
            if (text == null || text.isEmpty()) {
                problems.error(
                        value.location(),
                        "env.yaml: " + key + " has no value",
                        "give it a value, a ${VARIABLE} reference, or set " + key + " in the environment");
                return;
            }
            Placeholders.Resolution r = placeholders.resolve(text);
            for (String variable : r.missing()) {
                String message = "env.yaml: " + key + " needs environment variable " + variable + ", which is not set";
                String hint =
                        "set " + variable + " in the environment or in a .env file; .env.example lists the variables";
                switch (policy) {
                    case REQUIRED -> problems.error(value.location(), message, hint);
                    case WARN -> problems.warning(value.location(), message, hint);
                    case IGNORE -> {}
                }
            }
            out.put(key, r.value());
        });
        return out;
    }
}
