package dev.llmops.azure;

/** 429 still after the client's retries. Retrying later helps. */
public final class ArmThrottledException extends ArmException {

    public ArmThrottledException(String message, int status, ArmError error) {
        super(message, status, error);
    }
}
