package dev.llmops.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.json.Json;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Applies defaults and converts line values to the declared input types, as Prompt Flow does. */
public final class InputCoercion {

    private static final ObjectMapper JSON = Json.pooledMapper();

    private InputCoercion() {}

    /**
     * Keeps declared inputs only, in declaration order.
     *
     * @throws IllegalArgumentException naming the input, its type, the value and how to fix it
     */
    public static Map<String, Object> apply(Map<String, FlowInput> declared, Map<String, Object> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FlowInput in : declared.values()) {
            if (given.containsKey(in.name())) {
                out.put(in.name(), coerce(in, given.get(in.name())));
            } else if (in.hasDefault()) {
                out.put(in.name(), in.defaultValue());
            } else {
                throw new IllegalArgumentException("input '" + in.name() + "' is missing and has no default"
                        + " (map a data column to it, or give it a default in the flow)");
            }
        }
        return out;
    }

    static Object coerce(FlowInput in, Object value) {
        if (value == null) {
            return null;
        }
        return switch (in.type()) {
            case STRING, IMAGE -> value;
            case INT -> toInt(in, value);
            case DOUBLE -> toDouble(in, value);
            case BOOL -> toBool(in, value);
            case LIST -> value instanceof List<?> ? value : parsed(in, value, List.class);
            case OBJECT -> value instanceof Map<?, ?> ? value : parsed(in, value, Map.class);
        };
    }

    private static Object toInt(FlowInput in, Object value) {
        try {
            return switch (value) {
                case Integer i -> i.longValue();
                case Long l -> l;
                case Number n -> new BigDecimal(n.toString()).longValueExact();
                case String s -> Long.parseLong(s.strip());
                default -> throw wrong(in, value);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw wrong(in, value);
        }
    }

    private static Object toDouble(FlowInput in, Object value) {
        try {
            return switch (value) {
                case Number n -> n.doubleValue();
                case String s -> Double.parseDouble(s.strip());
                default -> throw wrong(in, value);
            };
        } catch (NumberFormatException e) {
            throw wrong(in, value);
        }
    }

    private static Object toBool(FlowInput in, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> {
                    return true;
                }
                case "false" -> {
                    return false;
                }
                default -> throw wrong(in, value);
            }
        }
        throw wrong(in, value);
    }

    private static Object parsed(FlowInput in, Object value, Class<?> type) {
        if (value instanceof String s) {
            try {
                Object v = JSON.readValue(s, Object.class);
                if (type.isInstance(v)) {
                    return v;
                }
            } catch (JsonProcessingException e) {
                // reported below with the input's name
            }
        }
        throw wrong(in, value);
    }

    private static IllegalArgumentException wrong(FlowInput in, Object value) {
        String shown = String.valueOf(value);
        if (shown.length() > 80) {
            shown = shown.substring(0, 80) + "...";
        }
        String example =
                switch (in.type()) {
                    case INT -> "an integer such as 3";
                    case DOUBLE -> "a number such as 0.5";
                    case BOOL -> "true or false";
                    case LIST -> "a JSON list such as [\"a\", \"b\"]";
                    case OBJECT -> "a JSON object such as {\"k\": 1}";
                    case STRING, IMAGE -> "a string";
                };
        return new IllegalArgumentException("input '" + in.name() + "' is declared "
                + in.type().yamlName() + " but the value is '" + shown + "'; give " + example);
    }
}
