package dev.llmops.dataops;

import java.util.Objects;
import java.util.Optional;

/**
 * The Azure ML workspace as the command line gives it; what is empty falls back to {@code SUBSCRIPTION_ID},
 * {@code RESOURCE_GROUP_NAME} and {@code WORKSPACE_NAME}.
 */
public record WorkspaceOptions(
        Optional<String> subscription, Optional<String> resourceGroup, Optional<String> workspace) {

    public WorkspaceOptions {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(resourceGroup, "resourceGroup");
        Objects.requireNonNull(workspace, "workspace");
    }

    /** Nothing on the command line: the variables decide. */
    public static WorkspaceOptions fromVariables() {
        return new WorkspaceOptions(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
