package dev.llmops.flow.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON as Python's {@code json.dumps} writes it: {@code ", "} and {@code ": "} separators (or newlines and
 * indentation with {@code indent}), every character outside printable ASCII escaped as {@code \\uXXXX} (UTF-16
 * units, so characters beyond the BMP become surrogate pairs), floats in Python's repr. Jinja2's {@code tojson}
 * and Prompt Flow's server-sent events both write it. Values are what Jackson reads into plain Java (maps, lists,
 * strings, numbers, booleans, null).
 */
public final class PythonJson {

    private PythonJson() {}

    /** {@code json.dumps(value)}: keys in the map's order, one line. */
    public static String dumps(Object value) {
        return dumps(value, false, -1);
    }

    /** {@code json.dumps(value, sort_keys=sortKeys, indent=indent)}; a negative indent writes one line. */
    public static String dumps(Object value, boolean sortKeys, int indent) {
        StringBuilder out = new StringBuilder();
        new Writer(out, sortKeys, indent).write(value, 0);
        return out.toString();
    }

    private record Writer(StringBuilder out, boolean sortKeys, int indent) {

        void write(Object value, int depth) {
            switch (value) {
                case null -> out.append("null");
                case String s -> string(s);
                case Boolean b -> out.append(b ? "true" : "false");
                case Integer i -> out.append(i);
                case Long l -> out.append(l);
                case Short s -> out.append(s);
                case Byte b -> out.append(b);
                case BigInteger b -> out.append(b);
                case Double d -> out.append(floating(d));
                case Float f -> out.append(floating(f.doubleValue()));
                case BigDecimal b -> out.append(floating(b.doubleValue()));
                case Number n -> out.append(n);
                case Map<?, ?> map -> object(map, depth);
                case List<?> list -> array(list, depth);
                default -> string(String.valueOf(value));
            }
        }

        private void object(Map<?, ?> map, int depth) {
            Map<?, ?> entries = sortKeys ? sorted(map) : map;
            if (entries.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                separator(first, depth + 1);
                first = false;
                string(String.valueOf(e.getKey()));
                out.append(": ");
                write(e.getValue(), depth + 1);
            }
            close(depth);
            out.append('}');
        }

        private void array(List<?> list, int depth) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                separator(first, depth + 1);
                first = false;
                write(item, depth + 1);
            }
            close(depth);
            out.append(']');
        }

        private static Map<String, Object> sorted(Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            return sorted;
        }

        private void separator(boolean first, int depth) {
            if (indent >= 0) {
                out.append(first ? "" : ",").append('\n').append(" ".repeat(indent * depth));
            } else if (!first) {
                out.append(", ");
            }
        }

        private void close(int depth) {
            if (indent >= 0) {
                out.append('\n').append(" ".repeat(indent * depth));
            }
        }

        private void string(String s) {
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
    }

    /** Python's float repr: {@code 1.0}, {@code 0.25}, {@code 0.0001}, {@code 1e+16}, {@code 1.5e-07}, {@code NaN}. */
    static String floating(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        String s = Double.toString(d);
        double abs = Math.abs(d);
        if (d == 0 || (abs >= 1e-4 && abs < 1e16)) {
            // Python writes these positionally; Java switches to an exponent from 1e7 on and below 1e-3.
            String plain = d == 0 ? s : new BigDecimal(s).stripTrailingZeros().toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        int e = s.indexOf('E');
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exponent = Integer.parseInt(s.substring(e + 1));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
}
