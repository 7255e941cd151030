package dev.llmops.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Output values made safe for strict JSON: NaN and infinities become null (Prompt Flow's server answers 500). */
final class JsonValues {

    private JsonValues() {}

    static Object finite(Object value) {
        return switch (value) {
            case Double d when d.isNaN() || d.isInfinite() -> null;
            case Float f when f.isNaN() || f.isInfinite() -> null;
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(k, finite(v)));
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(v -> out.add(finite(v)));
                yield out;
            }
            case null -> null;
            default -> value;
        };
    }
}
