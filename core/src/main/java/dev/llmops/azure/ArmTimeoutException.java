package dev.llmops.azure;

/** The overall timeout ran out while an operation was still running. The operation goes on in Azure; rerunning the command waits for it and continues. */
public final class ArmTimeoutException extends ArmException {

    public ArmTimeoutException(String message, int status, ArmError error) {
        super(message, status, error);
    }
}
