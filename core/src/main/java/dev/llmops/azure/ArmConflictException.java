package dev.llmops.azure;

/** 409: another operation is running on the resource, or it exists in a state that forbids the change. Retrying later may help. */
public final class ArmConflictException extends ArmException {

    public ArmConflictException(String message, int status, ArmError error) {
        super(message, status, error);
    }
}
