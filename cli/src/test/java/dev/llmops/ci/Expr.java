package dev.llmops.ci;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The expression language of GitHub Actions ({@code a.b == 'x' && !failure()}) and of Azure Pipelines conditions
 * ({@code and(succeeded(), ne(variables['X'], ''))}), as far as our pipelines use it. An expression this parser
 * does not know fails the rehearsal, so a pipeline cannot drift into forms nobody checked.
 */
final class Expr {

    /** A function of the expression language; gets the evaluated arguments. */
    interface Fn extends Function<List<Object>, Object> {}

    private final String text;
    private final Function<String, Object> names;
    private final Map<String, Fn> functions;
    private int pos;

    private Expr(String text, Function<String, Object> names, Map<String, Fn> functions) {
        this.text = text;
        this.names = names;
        this.functions = functions;
    }

    static Object eval(String text, Function<String, Object> names, Map<String, Fn> functions) {
        Expr e = new Expr(text.strip(), names, functions);
        Object value = e.or();
        e.skip();
        if (e.pos != e.text.length()) {
            throw new IllegalArgumentException("cannot parse expression at " + e.pos + ": " + text);
        }
        return value;
    }

    static boolean truthy(Object v) {
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof Double d) return d != 0 && !d.isNaN();
        return !v.toString().isEmpty();
    }

    static boolean looselyEqual(Object a, Object b) {
        if (a == null || b == null)
            return a == b || String.valueOf(a).isEmpty() && String.valueOf(b).isEmpty();
        if (a instanceof Double || b instanceof Double) {
            try {
                return Double.parseDouble(a.toString()) == Double.parseDouble(b.toString());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return a.toString().toLowerCase(Locale.ROOT).equals(b.toString().toLowerCase(Locale.ROOT));
    }

    private Object or() {
        Object left = and();
        while (eat("||")) {
            Object right = and();
            left = truthy(left) ? left : right;
        }
        return left;
    }

    private Object and() {
        Object left = equality();
        while (eat("&&")) {
            Object right = equality();
            left = truthy(left) ? right : left;
        }
        return left;
    }

    private Object equality() {
        Object left = unary();
        while (true) {
            if (eat("==")) left = looselyEqual(left, unary());
            else if (eat("!=")) left = !looselyEqual(left, unary());
            else return left;
        }
    }

    private Object unary() {
        if (eat("!")) return !truthy(unary());
        return primary();
    }

    private Object primary() {
        skip();
        if (eat("(")) {
            Object v = or();
            expect(")");
            return v;
        }
        char c = peek();
        if (c == '\'') return string();
        if (Character.isDigit(c)) {
            int start = pos;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) pos++;
            return Double.parseDouble(text.substring(start, pos));
        }
        if (Character.isLetter(c) || c == '_') {
            StringBuilder name = new StringBuilder(identifier());
            skip();
            if (peek() == '(') {
                pos++;
                List<Object> args = new ArrayList<>();
                skip();
                if (peek() != ')') {
                    do {
                        args.add(or());
                    } while (eat(","));
                }
                expect(")");
                Fn fn = functions.get(name.toString().toLowerCase(Locale.ROOT));
                if (fn == null) throw new IllegalArgumentException("unknown function " + name + " in: " + text);
                return fn.apply(args);
            }
            while (true) {
                if (peek() == '.') {
                    pos++;
                    name.append('.').append(identifier());
                } else if (peek() == '[') {
                    pos++;
                    skip();
                    String key = string();
                    expect("]");
                    name.append('.').append(key);
                } else {
                    break;
                }
            }
            return switch (name.toString()) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "null" -> null;
                default -> names.apply(name.toString());
            };
        }
        throw new IllegalArgumentException("cannot parse expression at " + pos + ": " + text);
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length()
                && (Character.isLetterOrDigit(text.charAt(pos)) || "_-".indexOf(text.charAt(pos)) >= 0)) {
            pos++;
        }
        if (start == pos) throw new IllegalArgumentException("name expected at " + pos + ": " + text);
        return text.substring(start, pos);
    }

    private String string() {
        expect("'");
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw new IllegalArgumentException("unterminated string: " + text);
            char c = text.charAt(pos++);
            if (c == '\'') {
                if (pos < text.length() && text.charAt(pos) == '\'') {
                    out.append('\'');
                    pos++;
                } else {
                    return out.toString();
                }
            } else {
                out.append(c);
            }
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skip() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private boolean eat(String token) {
        skip();
        if (text.startsWith(token, pos) && !(token.equals("!") && text.startsWith("!=", pos))) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!eat(token)) throw new IllegalArgumentException("'" + token + "' expected at " + pos + ": " + text);
    }
}
