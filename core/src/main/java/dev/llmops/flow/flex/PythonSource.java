package dev.llmops.flow.flex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a python entry's shape from its source without running python: whether the symbol is a function or a
 * class, its parameters (the class's {@code __call__} and {@code __init__}), and whether it has {@code
 * __aggregate__}. Enough to bind data columns and to validate offline; the worker's introspection is the truth
 * when the flow runs.
 */
final class PythonSource {

    /** A parameter as written: annotation and default are source text (null when absent). */
    record Param(String name, String annotation, String defaultText) {
        boolean hasDefault() {
            return defaultText != null;
        }
    }

    /**
     * @param line 1-based line of the {@code def} or {@code class}
     * @param call the function's parameters, or the class's {@code __call__} parameters without {@code self}
     * @param init the class's {@code __init__} parameters without {@code self}; empty for functions
     */
    record Shape(FlexEntry.Kind kind, int line, List<Param> call, List<Param> init, boolean hasAggregate) {}

    private PythonSource() {}

    static Optional<Shape> find(String text, String symbol) {
        String[] lines = text.split("\\R", -1);
        Pattern def = Pattern.compile("^(\\s*)(?:async\\s+)?def\\s+" + Pattern.quote(symbol) + "\\s*\\(");
        Pattern cls = Pattern.compile("^(\\s*)class\\s+" + Pattern.quote(symbol) + "\\b");
        for (int i = 0; i < lines.length; i++) {
            Matcher d = def.matcher(lines[i]);
            if (d.find()) {
                return Optional.of(new Shape(
                        FlexEntry.Kind.FUNCTION, i + 1, params(lines, i, d.end() - 1, false), List.of(), false));
            }
            Matcher c = cls.matcher(lines[i]);
            if (c.find()) {
                int indent = c.group(1).length();
                List<Param> call = List.of();
                List<Param> init = List.of();
                boolean aggregate = false;
                Pattern method =
                        Pattern.compile("^(\\s+)(?:async\\s+)?def\\s+(__call__|__init__|__aggregate__)\\s*\\(");
                for (int j = i + 1; j < lines.length; j++) {
                    String l = lines[j];
                    if (!l.isBlank() && !l.stripLeading().startsWith("#") && indentOf(l) <= indent) {
                        break;
                    }
                    Matcher m = method.matcher(l);
                    if (m.find()) {
                        switch (m.group(2)) {
                            case "__call__" -> call = params(lines, j, m.end() - 1, true);
                            case "__init__" -> init = params(lines, j, m.end() - 1, true);
                            default -> aggregate = true;
                        }
                    }
                }
                return Optional.of(new Shape(FlexEntry.Kind.CLASS, i + 1, call, init, aggregate));
            }
        }
        return Optional.empty();
    }

    private static int indentOf(String line) {
        int n = 0;
        while (n < line.length() && Character.isWhitespace(line.charAt(n))) {
            n++;
        }
        return n;
    }

    /** The parameters between the parenthesis at {@code lines[row].charAt(col)} and its match. */
    private static List<Param> params(String[] lines, int row, int col, boolean method) {
        StringBuilder inside = new StringBuilder();
        int depth = 0;
        char quote = 0;
        outer:
        for (int r = row; r < lines.length; r++) {
            String l = lines[r];
            for (int c = r == row ? col : 0; c < l.length(); c++) {
                char ch = l.charAt(c);
                if (quote != 0) {
                    if (ch == quote) {
                        quote = 0;
                    }
                } else if (ch == '"' || ch == '\'') {
                    quote = ch;
                } else if (ch == '#') {
                    break;
                } else if (ch == '(' || ch == '[' || ch == '{') {
                    depth++;
                    if (depth == 1) {
                        continue;
                    }
                } else if (ch == ')' || ch == ']' || ch == '}') {
                    depth--;
                    if (depth == 0) {
                        break outer;
                    }
                }
                inside.append(ch);
            }
            inside.append(' ');
        }
        List<Param> out = new ArrayList<>();
        for (String part : splitTopLevel(inside.toString())) {
            String p = part.strip();
            if (p.isEmpty() || p.equals("*") || p.equals("/") || p.startsWith("*")) {
                continue;
            }
            String defaultText = null;
            int eq = topLevelIndex(p, '=');
            if (eq >= 0) {
                defaultText = p.substring(eq + 1).strip();
                p = p.substring(0, eq).strip();
            }
            String annotation = null;
            int colon = p.indexOf(':');
            if (colon >= 0) {
                annotation = p.substring(colon + 1).strip();
                p = p.substring(0, colon).strip();
            }
            out.add(new Param(p, annotation, defaultText));
        }
        if (method
                && !out.isEmpty()
                && (out.getFirst().name().equals("self")
                        || out.getFirst().name().equals("cls"))) {
            out.removeFirst();
        }
        return out;
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
            } else if (ch == '(' || ch == '[' || ch == '{') {
                depth++;
            } else if (ch == ')' || ch == ']' || ch == '}') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static int topLevelIndex(String text, char wanted) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '(' || ch == '[' || ch == '{') {
                depth++;
            } else if (ch == ')' || ch == ']' || ch == '}') {
                depth--;
            } else if (ch == wanted && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** A python literal default as a JSON-like value; expressions it cannot read become null. */
    static Object literal(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        switch (t) {
            case "None" -> {
                return null;
            }
            case "True" -> {
                return Boolean.TRUE;
            }
            case "False" -> {
                return Boolean.FALSE;
            }
            case "[]", "()", "list()" -> {
                return new ArrayList<>();
            }
            case "{}", "dict()" -> {
                return new LinkedHashMap<String, Object>();
            }
            default -> {}
        }
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
            return t.substring(1, t.length() - 1);
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            // not an int
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The flow input type a python annotation asks for; unknown annotations pass values through. */
    static String inputType(String annotation) {
        if (annotation == null) {
            return "string";
        }
        String a = annotation.replace("typing.", "").strip();
        int bracket = a.indexOf('[');
        String head = (bracket >= 0 ? a.substring(0, bracket) : a).strip().toLowerCase(java.util.Locale.ROOT);
        return switch (head) {
            case "int" -> "int";
            case "float" -> "double";
            case "bool" -> "bool";
            case "list", "sequence" -> "list";
            case "dict", "mapping" -> "object";
            default -> "string";
        };
    }
}
