package dev.llmops.expression;

import java.util.List;

/**
 * The one parser of the {@code ${a.b.c}} reference syntax that experiment mappings ({@code ${data.question}},
 * {@code ${run.outputs.answer}}) and flows ({@code ${inputs.url}}, {@code ${fetch.output.text}}) share. It knows
 * the syntax only; what the names mean is the caller's (a node may well be called {@code data} in a flow).
 *
 * <p>The rules: a value without {@code ${} is plain text. A value with {@code ${} must be exactly one reference:
 * {@code ${}, names separated by dots, {@code }}, with optional spaces inside the braces ({@code ${ data.q }} is
 * {@code ${data.q}}). Anything else ({@code ${data.q} without its brace, text around a reference, an empty name)
 * is a {@link ReferenceSyntaxException}: sent as literal text it would reach the model on every line.
 */
public final class ReferenceSyntax {

    private static final String OPEN = "${";

    private ReferenceSyntax() {}

    /** A parsed value: plain text, or the names of a reference. */
    public sealed interface Parsed {
        /** A value without {@code ${}. */
        record Plain(String text) implements Parsed {}

        /**
         * {@code ${first.second...}}.
         *
         * @param names the dot-separated names, never empty, none blank
         */
        record Reference(List<String> names) implements Parsed {
            public Reference {
                names = List.copyOf(names);
            }

            /** The reference as written without spaces: {@code ${a.b}}. */
            public String canonical() {
                return OPEN + String.join(".", names) + "}";
            }
        }
    }

    /**
     * Parses a value.
     *
     * @throws ReferenceSyntaxException when the text holds {@code ${} but is not exactly one well-formed reference
     */
    public static Parsed parse(String raw) {
        int open = raw.indexOf(OPEN);
        if (open < 0) {
            return new Parsed.Plain(raw);
        }
        int start = leadingSpaces(raw);
        if (open > start) {
            throw new ReferenceSyntaxException(
                    "'" + raw + "' has text before '${', so it is not a reference (it would be sent as this text)",
                    "make the whole value one reference, e.g. " + example(raw.substring(open)),
                    open);
        }
        int close = raw.indexOf('}', open);
        int nested = raw.indexOf('{', open + OPEN.length());
        if (nested >= 0 && (close < 0 || nested < close)) {
            throw new ReferenceSyntaxException(
                    "'" + raw + "' has '{' inside a reference", "write one reference, e.g. ${data.question}", nested);
        }
        if (close < 0) {
            throw new ReferenceSyntaxException(
                    "'" + raw + "' is not closed: the '}' of '${' is missing", "write " + raw.strip() + "}", open);
        }
        if (!raw.substring(close + 1).isBlank()) {
            throw new ReferenceSyntaxException(
                    "'" + raw + "' has text after the reference, so it is not a reference (it would be sent as"
                            + " this text)",
                    "make the whole value one reference: " + raw.substring(open, close + 1),
                    close + 1);
        }
        String inner = raw.substring(open + OPEN.length(), close);
        if (inner.isBlank()) {
            throw new ReferenceSyntaxException(
                    "'" + raw + "' is an empty reference", "write e.g. ${data.question}", open);
        }
        String[] names = inner.strip().split("\\.", -1);
        for (String name : names) {
            if (name.isEmpty()) {
                throw new ReferenceSyntaxException(
                        "'" + raw + "' has an empty name between dots", "write e.g. ${data.question}", open);
            }
            if (!name.equals(name.strip())) {
                throw new ReferenceSyntaxException(
                        "'" + raw + "' has a space next to a '.'", "write " + canonical(names), open);
            }
        }
        return new Parsed.Reference(List.of(names));
    }

    private static String canonical(String[] names) {
        StringBuilder sb = new StringBuilder(OPEN);
        for (int i = 0; i < names.length; i++) {
            sb.append(i == 0 ? "" : ".").append(names[i].strip());
        }
        return sb.append('}').toString();
    }

    private static String example(String fromOpen) {
        int close = fromOpen.indexOf('}');
        return close > 0 ? fromOpen.substring(0, close + 1) : "${data.question}";
    }

    private static int leadingSpaces(String raw) {
        int i = 0;
        while (i < raw.length() && Character.isWhitespace(raw.charAt(i))) {
            i++;
        }
        return i;
    }
}
