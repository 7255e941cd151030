package dev.llmops.flow;

import dev.llmops.expression.ReferenceSyntax;
import java.util.List;
import java.util.Map;

/**
 * A node input, activate condition or flow output value: a literal, a flow input or a node output, optionally
 * followed by field names ({@code ${node.output.answer.text}}). A string without {@code ${} is a literal; one with
 * it must be exactly one reference (see {@link ReferenceSyntax}), so a broken one is an error, not literal text.
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

    /**
     * Parses a YAML value with the shared {@link ReferenceSyntax}: {@code ${inputs.x}} and {@code ${flow.x}} are flow
     * inputs, any other {@code ${name...}} a node's output.
     *
     * @throws IllegalArgumentException when the text holds {@code ${} but is not a well-formed reference (a
     *     {@link ReferenceSyntaxException} for the syntax); the message says what a valid reference looks like
     */
    static ValueRef parse(Object raw) {
        if (!(raw instanceof String text)) {
            return new Literal(raw);
        }
        if (!(ReferenceSyntax.parse(text) instanceof ReferenceSyntax.Parsed.Reference ref)) {
            return new Literal(raw);
        }
        List<String> parts = ref.names();
        if (parts.get(0).equals("inputs") || parts.get(0).equals("flow")) {
            if (parts.size() < 2) {
                throw new IllegalArgumentException("malformed reference '" + text + "': write ${inputs.<input name>}");
            }
            return new InputRef(parts.get(1), parts.subList(2, parts.size()));
        }
        if (parts.size() == 1) {
            return new NodeRef(parts.get(0), List.of());
        }
        if (!parts.get(1).equals("output")) {
            throw new IllegalArgumentException("malformed reference '" + text + "': write ${" + parts.get(0)
                    + ".output} or ${" + parts.get(0) + ".output.<field>}");
        }
        return new NodeRef(parts.get(0), parts.subList(2, parts.size()));
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
