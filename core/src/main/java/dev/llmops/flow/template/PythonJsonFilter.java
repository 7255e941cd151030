package dev.llmops.flow.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code tojson} as jinja2 writes it: Python's {@code json.dumps(value, sort_keys=True)} (", " and ": "
 * separators, non-ASCII escaped) made HTML-safe ({@code < > & '} escaped), with an optional indent. Jinjava's own
 * filter writes compact JSON in insertion order, which would change prompts.
 */
final class PythonJsonFilter implements Filter {

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        int indent = args.length > 0 && args[0] != null && args[0].strip().matches("\\d+")
                ? Integer.parseInt(args[0].strip())
                : -1;
        StringBuilder out = new StringBuilder();
        write(var, out, indent, 0);
        return out.toString()
                .replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("'", "\\u0027");
    }

    private static void write(Object value, StringBuilder out, int indent, int depth) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(s, out);
            case Boolean b -> out.append(b ? "true" : "false");
            case Double d -> out.append(pythonFloat(d));
            case Float f -> out.append(pythonFloat(f.doubleValue()));
            case Number n -> out.append(n);
            case Map<?, ?> map -> {
                Map<String, Object> sorted = new TreeMap<>();
                map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
                if (sorted.isEmpty()) {
                    out.append("{}");
                    return;
                }
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, Object> e : sorted.entrySet()) {
                    separator(out, first, indent, depth + 1);
                    first = false;
                    string(e.getKey(), out);
                    out.append(": ");
                    write(e.getValue(), out, indent, depth + 1);
                }
                close(out, indent, depth);
                out.append('}');
            }
            case List<?> list -> {
                if (list.isEmpty()) {
                    out.append("[]");
                    return;
                }
                out.append('[');
                boolean first = true;
                for (Object item : list) {
                    separator(out, first, indent, depth + 1);
                    first = false;
                    write(item, out, indent, depth + 1);
                }
                close(out, indent, depth);
                out.append(']');
            }
            default -> string(String.valueOf(value), out);
        }
    }

    private static void separator(StringBuilder out, boolean first, int indent, int depth) {
        if (indent >= 0) {
            out.append(first ? "" : ",").append('\n').append(" ".repeat(indent * depth));
        } else if (!first) {
            out.append(", ");
        }
    }

    private static void close(StringBuilder out, int indent, int depth) {
        if (indent >= 0) {
            out.append('\n').append(" ".repeat(indent * depth));
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Python's float repr for the common cases: {@code 1.0}, {@code 0.25}, {@code 1e+20}, {@code NaN}. */
    private static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        String java = Double.toString(d);
        int e = java.indexOf('E');
        if (e < 0) {
            return java;
        }
        String mantissa = java.substring(0, e).replaceAll("\\.0$", "");
        int exponent = Integer.parseInt(java.substring(e + 1));
        if (exponent >= -4 && exponent < 16) {
            return new java.math.BigDecimal(java).toPlainString()
                    + (java.contains(".") && d == Math.rint(d) ? ".0" : "");
        }
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
}
