package dev.llmops.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** The workspace to deploy to; each falls back to the template's variable (also read from {@code .env}). */
public final class AzureOptions {

    @Option(
            names = {"--subscription_id", "--subscription-id"},
            paramLabel = "ID",
            description = "Azure subscription id (default: $SUBSCRIPTION_ID, else $AZURE_SUBSCRIPTION_ID).")
    String subscription;

    @Option(
            names = {"--resource-group", "--resource_group_name", "--resource-group-name", "-g"},
            paramLabel = "NAME",
            description = "Resource group of the workspace (default: $RESOURCE_GROUP_NAME).")
    String resourceGroup;

    @Option(
            names = {"--workspace", "--workspace_name", "--workspace-name", "-w"},
            paramLabel = "NAME",
            description = "Azure ML workspace (default: $WORKSPACE_NAME).")
    String workspace;

    Optional<String> subscription() {
        return Optional.ofNullable(subscription);
    }

    Optional<String> resourceGroup() {
        return Optional.ofNullable(resourceGroup);
    }

    Optional<String> workspace() {
        return Optional.ofNullable(workspace);
    }
}
