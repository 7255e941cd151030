package dev.llmops.serve;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON as Python's {@code json.dumps} writes it with its defaults, which Prompt Flow's server-sent events use:
 * {@code ", "} and {@code ": "} separators, every character outside printable ASCII escaped as {@code \\uXXXX}
 * (UTF-16 units, so characters beyond the BMP become surrogate pairs). Values are what Jackson reads into plain
 * Java (maps, lists, strings, numbers, booleans, null); NaN and infinities were made null before.
 */
final class PythonJson {

    private PythonJson() {}

    static String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b ? "true" : "false");
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case Short s -> out.append(s);
            case Byte b -> out.append(b);
            case BigInteger b -> out.append(b);
            case Double d -> out.append(floating(d));
            case Float f -> out.append(floating(f.doubleValue()));
            case BigDecimal b -> out.append(floating(b.doubleValue()));
            case Map<?, ?> m -> {
                out.append('{');
                Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<?, ?> e = it.next();
                    string(out, String.valueOf(e.getKey()));
                    out.append(": ");
                    write(out, e.getValue());
                    if (it.hasNext()) {
                        out.append(", ");
                    }
                }
                out.append('}');
            }
            case List<?> l -> {
                out.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    write(out, l.get(i));
                }
                out.append(']');
            }
            default -> string(out, value.toString());
        }
    }

    /** Python's float repr for the common cases: {@code 1.0}, {@code 0.25}, {@code 1e+16}, {@code 1.5e-07}. */
    static String floating(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        String s = Double.toString(d);
        double abs = Math.abs(d);
        if (d == 0 || (abs >= 1e-4 && abs < 1e16)) {
            // Python writes these positionally; Java switches to an exponent from 1e7 on.
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

    private static void string(StringBuilder out, String s) {
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
