package dev.llmops.azure;

/** 401 or 403: the token is missing, expired or for another tenant, or the identity lacks a role on the scope. Retrying does not help. */
public final class ArmAuthException extends ArmException {

    public ArmAuthException(String message, int status, ArmError error) {
        super(message, status, error);
    }
}
