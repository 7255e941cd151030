package dev.llmops.azure;

/** 400 or another 4xx: the request (and usually the configuration behind it) is wrong. Retrying does not help. */
public final class ArmRequestException extends ArmException {

    public ArmRequestException(String message, int status, ArmError error) {
        super(message, status, error);
    }
}
