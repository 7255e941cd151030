package dev.llmops.llm.http;

/**
 * One attempt failed. Internal to the retry loop: only the last failure becomes the {@link
 * dev.llmops.llm.LlmException} callers see.
 */
final class AttemptFailure extends Exception {

    private final boolean retriable;
    private final int status;
    private final long retryAfterMillis;

    AttemptFailure(String message, boolean retriable, int status, long retryAfterMillis, Throwable cause) {
        super(message, cause, false, false);
        this.retriable = retriable;
        this.status = status;
        this.retryAfterMillis = retryAfterMillis;
    }

    boolean retriable() {
        return retriable;
    }

    int status() {
        return status;
    }

    long retryAfterMillis() {
        return retryAfterMillis;
    }
}
