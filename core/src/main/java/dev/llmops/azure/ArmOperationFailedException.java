package dev.llmops.azure;

/** A long-running operation ended {@code Failed} or {@code Canceled}, or the resource ended in a failed provisioning state. The message carries ARM's error code, message and details. */
public final class ArmOperationFailedException extends ArmException {

    public ArmOperationFailedException(String message, int status, ArmError error) {
        super(message, status, error);
    }
}
