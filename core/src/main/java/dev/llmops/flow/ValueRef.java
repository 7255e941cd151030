package dev.llmops.flow;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node input, activate condition or flow output value: a literal, a flow input or a node output, optionally
 * followed by field names ({@code ${node.output.answer.text}}). As in Prompt Flow a string is a reference only
 * when it is exactly {@code ${...}}; anything else is a literal.
 */
public sealed interface ValueRef {

    /** A constant written in the YAML (string, number, bool, list, map or null). */
    record Literal(Object value) implements ValueRef {}

    /** {@code ${inputs.name}} (or {@code ${flow.name}}), with optional field path. */
    record InputRef(String name, List<String> path) implements ValueRef {
        public InputRef {
            path = List.copyOf(path);
        }
    }

    /** {@code ${node.output}} or {@code ${node}}, with optional field path after {@code output}. */
    record NodeRef(String node, List<String> path) implements ValueRef {
        public NodeRef {
            path = List.copyOf(path);
        }
    }

    Pattern REFERENCE = Pattern.compile("^\\$\\{([^{}]+)}$");

    /**
     * Parses a YAML value.
     *
     * @throws IllegalArgumentException when the text looks like a reference but is malformed; the message says
     *     what a valid reference looks like
     */
    static ValueRef parse(Object raw) {
        if (!(raw instanceof String text)) {
            return new Literal(raw);
        }
        Matcher m = REFERENCE.matcher(text.strip());
        if (!m.matches()) {
            return new Literal(raw);
        }
        String[] parts = m.group(1).strip().split("\\.", -1);
        for (String part : parts) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("malformed reference '" + text + "' (empty name between dots)");
            }
        }
        if (parts[0].equals("inputs") || parts[0].equals("flow")) {
            if (parts.length < 2) {
                throw new IllegalArgumentException("malformed reference '" + text + "': write ${inputs.<input name>}");
            }
            return new InputRef(parts[1], List.of(parts).subList(2, parts.length));
        }
        if (parts.length == 1) {
            return new NodeRef(parts[0], List.of());
        }
        if (!parts[1].equals("output")) {
            throw new IllegalArgumentException("malformed reference '" + text + "': write ${" + parts[0]
                    + ".output} or ${" + parts[0] + ".output.<field>}");
        }
        return new NodeRef(parts[0], List.of(parts).subList(2, parts.length));
    }

    /**
     * Follows {@code path} into a JSON-like value: map keys, and list indexes written as numbers.
     *
     * @throws IllegalArgumentException naming the missing field and the fields that exist
     */
    static Object select(Object value, List<String> path, String what) {
        Object current = value;
        StringBuilder walked = new StringBuilder(what);
        for (String key : path) {
            if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(key)) {
                    throw new IllegalArgumentException(
                            walked + " has no field '" + key + "' (fields: " + map.keySet() + ")");
                }
                current = map.get(key);
            } else if (current instanceof List<?> list && key.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(key);
                if (index >= list.size()) {
                    throw new IllegalArgumentException(
                            walked + " has " + list.size() + " items; index " + index + " does not exist");
                }
                current = list.get(index);
            } else {
                throw new IllegalArgumentException(
                        walked + " is " + describe(current) + ", not an object with field '" + key + "'");
            }
            walked.append('.').append(key);
        }
        return current;
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "a string";
            case List<?> l -> "a list";
            case Number n -> "a number";
            case Boolean b -> "a boolean";
            default -> "a " + value.getClass().getSimpleName();
        };
    }
}
