package dev.llmops.data;

import java.util.List;
import java.util.Map;

/** Names JSON value kinds for error messages. */
final class JsonKinds {

    private JsonKinds() {}

    static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Number n -> "a number";
            default -> value.getClass().getSimpleName();
        };
    }
}
