package dev.llmops.flow.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps data from creating chat messages. Before rendering, every role marker line inside an input value
 * ({@code system:} alone on a line) has its role word replaced by a unique placeholder, so the rendered text
 * splits only at the template's own markers; after splitting, the placeholders are put back in the message
 * contents. This is Prompt Flow's {@code Escaper}. One instance serves one rendering.
 */
public final class RoleEscaper {

    private static final Pattern MARKER_IN_VALUE =
            Pattern.compile("(?im)^(\\s*#?\\s*)(system|user|assistant|function|tool)(\\s*:\\s*)$");

    private final Map<String, String> placeholders = new LinkedHashMap<>();

    /** A copy of {@code variables} with role markers in string values (also inside lists and maps) escaped. */
    public Map<String, Object> escape(Map<String, Object> variables) {
        Map<String, Object> out = new LinkedHashMap<>();
        variables.forEach((k, v) -> out.put(k, escapeValue(v)));
        return out;
    }

    private Object escapeValue(Object value) {
        return switch (value) {
            case String s -> escapeText(s);
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(v -> out.add(escapeValue(v)));
                yield out;
            }
            case Map<?, ?> map -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(k, escapeValue(v)));
                yield out;
            }
            case null, default -> value;
        };
    }

    private String escapeText(String text) {
        Matcher m = MARKER_IN_VALUE.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        do {
            String role = m.group(2);
            String placeholder = "role-" + UUID.randomUUID();
            placeholders.put(placeholder, role);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + placeholder + m.group(3)));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    /** Puts the escaped role words back. */
    public String unescape(String text) {
        if (text == null || placeholders.isEmpty()) {
            return text;
        }
        String out = text;
        for (Map.Entry<String, String> e : placeholders.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }
}
