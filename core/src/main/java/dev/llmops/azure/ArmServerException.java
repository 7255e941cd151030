package dev.llmops.azure;

/** 5xx (or no response at all) still after the client's retries. Retrying later may help. */
public final class ArmServerException extends ArmException {

    public ArmServerException(String message, int status, ArmError error) {
        super(message, status, error);
    }
}
