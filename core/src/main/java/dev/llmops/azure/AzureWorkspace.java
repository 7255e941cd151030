package dev.llmops.azure;

import java.util.Objects;

/**
 * An Azure Machine Learning workspace: where models, environments, endpoints and data assets live.
 *
 * @param subscriptionId the subscription id (a GUID)
 * @param resourceGroup the resource group name
 * @param name the workspace name
 */
public record AzureWorkspace(String subscriptionId, String resourceGroup, String name) {

    public AzureWorkspace {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(resourceGroup, "resourceGroup");
        Objects.requireNonNull(name, "name");
    }

    /** {@code /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}} */
    public String id() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.MachineLearningServices/workspaces/" + name;
    }

    /** A path below the workspace, e.g. {@code path("onlineEndpoints/x")}. */
    public String path(String relative) {
        return id() + "/" + relative;
    }
}
