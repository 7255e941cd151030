package dev.llmops.expression;

/**
 * Thrown by {@link ReferenceSyntax#parse} for a value that holds {@code ${} but is not one well-formed reference.
 * The caller turns it into a {@code file:line:col} problem; retrying does not help, the file must change.
 */
public final class ReferenceSyntaxException extends IllegalArgumentException {

    private final String hint;
    private final int offset;

    public ReferenceSyntaxException(String message, String hint, int offset) {
        super(message);
        this.hint = hint;
        this.offset = offset;
    }

    /** How to fix it. */
    public String hint() {
        return hint;
    }

    /** Where in the value the problem is (0-based). */
    public int offset() {
        return offset;
    }
}
