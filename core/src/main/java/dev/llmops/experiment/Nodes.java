package dev.llmops.experiment;

import dev.llmops.yaml.YNode;
import dev.llmops.yaml.YNode.YList;
import dev.llmops.yaml.YNode.YMap;
import dev.llmops.yaml.YNode.YScalar;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/** Typed reads of YAML nodes that report wrong shapes as problems instead of throwing. */
final class Nodes {

    private final Problems problems;

    Nodes(Problems problems) {
        this.problems = problems;
    }

    /** "a list", "a mapping", "a number", ... for messages. */
    static String kind(YNode node) {
        return switch (node) {
            case YMap m -> "a mapping";
            case YList l -> "a list";
            case YScalar s when s.isNull() -> "nothing";
            case YScalar s when s.value() instanceof String -> "text";
            case YScalar s when s.value() instanceof Boolean -> "a boolean";
            case YScalar s -> "a number";
        };
    }

    /** A scalar as Python's {@code str()} writes it: {@code True}, {@code 3000}, {@code 0.5}. */
    static String pythonText(YScalar scalar) {
        return switch (scalar.value()) {
            case null -> null;
            case Boolean b -> b ? "True" : "False";
            case Double d
            when d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e16 -> String.valueOf(d.longValue()) + ".0";
            case Object o -> String.valueOf(o);
        };
    }

    static boolean isNull(YNode node) {
        return node == null || node instanceof YScalar s && s.isNull();
    }

    /** An optional text field; null when absent or null. A list or mapping is an error. */
    String text(YMap map, String key, String owner) {
        YNode node = map.get(key);
        if (node == null) {
            return null;
        }
        if (node instanceof YScalar s) {
            return pythonText(s);
        }
        problems.error(
                node.location(),
                owner + ": '" + key + "' must be text, found " + kind(node),
                "write it on one line, e.g. " + key + ": some_value");
        return null;
    }

    /** A required, non-empty text field. Reports a missing key with a "did you mean" for a misspelt one. */
    Optional<String> requiredText(YMap map, String key, String owner, String example) {
        if (!map.has(key)) {
            String near = Suggestions.closest(key, map.entries().keySet())
                    .map(k -> "'" + k + "' looks misspelt; rename it to '" + key + "'")
                    .orElse("add " + key + ": " + example);
            problems.error(map.location(), owner + " is missing '" + key + "'", near);
            return Optional.empty();
        }
        String value = text(map, key, owner);
        if (value == null || value.isBlank()) {
            if (value != null || map.get(key) instanceof YScalar) {
                problems.error(
                        map.locationOf(key), owner + ": '" + key + "' is empty", "give it a value, e.g. " + example);
            }
            return Optional.empty();
        }
        return Optional.of(value.strip());
    }

    /** A list, or empty for an absent or null node; another shape is an error. */
    Optional<YList> list(YNode node, String what, String example) {
        if (isNull(node)) {
            return Optional.empty();
        }
        if (node instanceof YList l) {
            return Optional.of(l);
        }
        problems.error(node.location(), "'" + what + "' must be a list, found " + kind(node), "write " + example);
        return Optional.empty();
    }

    /** Warns about keys the owner does not know, suggesting the closest known one. */
    void unknownKeys(YMap map, Set<String> known, String owner) {
        unknownKeys(map, known, known, owner);
    }

    void unknownKeys(YMap map, Set<String> known, Collection<String> suggestable, String owner) {
        for (String key : map.entries().keySet()) {
            if (!known.contains(key)) {
                problems.warning(
                        map.locationOf(key),
                        owner + ": unknown key '" + key + "' is ignored",
                        Suggestions.hint(key, suggestable, "known keys: " + String.join(", ", suggestable)));
            }
        }
    }
}
