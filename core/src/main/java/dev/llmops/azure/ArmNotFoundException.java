package dev.llmops.azure;

/** 404: the resource (or its parent: subscription, resource group, workspace) does not exist. */
public final class ArmNotFoundException extends ArmException {

    public ArmNotFoundException(String message, int status, ArmError error) {
        super(message, status, error);
    }
}
