package dev.llmops.error;

/**
 * Stored state is not what an operation needs: a run to resume that does not exist, a run store written by an
 * incompatible version, a lock held by another process. Retrying after fixing the state helps. The CLI maps it
 * to exit code 3.
 */
public class StateException extends RuntimeException {

    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
