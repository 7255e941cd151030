package dev.llmops.llm;

/**
 * A model call failed. {@code retriable} is true for throttling (429), server errors (5xx), timeouts and
 * connection failures, where trying again later may help; false for bad requests, authentication, missing
 * deployments and content filtering, where the configuration or the input must change. The message names the
 * connection, endpoint and deployment and says what to check; it never contains a secret.
 */
public class LlmException extends RuntimeException {

    private final boolean retriable;
    private final int status;

    public LlmException(String message, boolean retriable, int status, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
        this.status = status;
    }

    public LlmException(String message, boolean retriable, int status) {
        this(message, retriable, status, null);
    }

    public boolean retriable() {
        return retriable;
    }

    /** HTTP status, or 0 when no response was received. */
    public int status() {
        return status;
    }
}
