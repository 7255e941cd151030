package dev.llmops.error;

/**
 * A run or an evaluation finished but did not succeed: failed lines beyond the allowed share, a quality gate
 * not met, a flow line that failed under {@code flow test}. Work done so far is kept. The CLI maps it to exit
 * code 1.
 */
public class RunFailedException extends RuntimeException {

    public RunFailedException(String message) {
        super(message);
    }

    public RunFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
