package dev.llmops.azure;

import java.util.Optional;

/**
 * Azure Resource Manager refused a request or an operation did not succeed. The subtype says what to do:
 * {@link ArmAuthException} (fix the credential or the role assignment; retrying does not help),
 * {@link ArmRequestException} (the request or the configuration is wrong), {@link ArmNotFoundException},
 * {@link ArmConflictException} (another operation holds the resource; retry later), {@link ArmThrottledException}
 * and {@link ArmServerException} (still failing after the client's own retries), {@link ArmOperationFailedException}
 * (a long-running operation ended {@code Failed} or {@code Canceled}) and {@link ArmTimeoutException} (the
 * overall timeout ran out; the operation may still finish, and a rerun continues from there).
 */
public abstract sealed class ArmException extends RuntimeException
        permits ArmAuthException,
                ArmRequestException,
                ArmNotFoundException,
                ArmConflictException,
                ArmThrottledException,
                ArmServerException,
                ArmOperationFailedException,
                ArmTimeoutException {

    private final int status;
    private final transient ArmError error;

    protected ArmException(String message, int status, ArmError error) {
        super(message);
        this.status = status;
        this.error = error;
    }

    /** The HTTP status, or 0 when the failure was not one response (an operation that failed, a timeout). */
    public int status() {
        return status;
    }

    /** The error body ARM sent, when it sent one. */
    public Optional<ArmError> error() {
        return Optional.ofNullable(error);
    }
}
