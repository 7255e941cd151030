package dev.llmops.flow;

import java.util.Locale;
import java.util.Optional;

/** The declared type of a flow input. */
public enum InputType {
    STRING,
    INT,
    DOUBLE,
    BOOL,
    LIST,
    OBJECT,
    IMAGE;

    /** The name as written in YAML. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<InputType> fromYaml(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "string", "str" -> Optional.of(STRING);
            case "int", "integer" -> Optional.of(INT);
            case "double", "float", "number" -> Optional.of(DOUBLE);
            case "bool", "boolean" -> Optional.of(BOOL);
            case "list", "array" -> Optional.of(LIST);
            case "object", "dict" -> Optional.of(OBJECT);
            case "image" -> Optional.of(IMAGE);
            default -> Optional.empty();
        };
    }
}
