package dev.llmops.deploy.webapp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The Resource Manager paths, api-versions and request bodies of a web-app deployment (App Service REST API
 * 2023-12-01, Managed Identity 2023-01-31, Authorization 2022-04-01, Container Registry 2023-07-01, Resources
 * 2021-04-01), built in one place for the deployment and for {@code --dry-run}.
 */
final class WebAppBodies {

    static final String RESOURCES_API = "2021-04-01";
    static final String MSI_API = "2023-01-31";
    static final String AUTHORIZATION_API = "2022-04-01";
    static final String REGISTRY_API = "2023-07-01";
    static final String WEB_API = "2023-12-01";

    /** The built-in AcrPull role. */
    static final String ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

    static final String HEALTH_PATH = "/health";

    static final ObjectMapper JSON = new ObjectMapper();

    private final WebAppPlan plan;

    WebAppBodies(WebAppPlan plan) {
        this.plan = plan;
    }

    private String sub() {
        return "/subscriptions/" + plan.subscription();
    }

    String group() {
        return sub() + "/resourcegroups/" + plan.entry().group();
    }

    private String groupProviders() {
        return sub() + "/resourceGroups/" + plan.entry().group() + "/providers/";
    }

    String registry() {
        return sub() + "/resourceGroups/" + plan.entry().registryGroup()
                + "/providers/Microsoft.ContainerRegistry/registries/"
                + plan.entry().registry();
    }

    String identity() {
        return groupProviders() + "Microsoft.ManagedIdentity/userAssignedIdentities/"
                + plan.entry().identity();
    }

    String serverFarm() {
        return groupProviders() + "Microsoft.Web/serverfarms/" + plan.entry().plan();
    }

    String site() {
        return groupProviders() + "Microsoft.Web/sites/" + plan.entry().app();
    }

    /** The site, or one of its slots. */
    String target(String slot) {
        return slot == null ? site() : site() + "/slots/" + slot;
    }

    /**
     * The role assignment's name: a UUID derived from scope, principal and role, so a rerun finds the one it
     * made instead of adding another.
     */
    String roleAssignment(String principalId) {
        String seed = registry().toLowerCase(java.util.Locale.ROOT) + "|" + principalId + "|" + ACR_PULL;
        return registry() + "/providers/Microsoft.Authorization/roleAssignments/"
                + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }

    ObjectNode groupBody(String location) {
        return JSON.createObjectNode().put("location", location);
    }

    ObjectNode identityBody(String location) {
        ObjectNode body = JSON.createObjectNode().put("location", location);
        body.putObject("tags").put("llmops.dev/web-app", plan.entry().app());
        return body;
    }

    ObjectNode roleBody(String principalId) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("properties")
                .put("roleDefinitionId", sub() + "/providers/Microsoft.Authorization/roleDefinitions/" + ACR_PULL)
                .put("principalId", principalId)
                // Says what the principal is, so ARM does not look it up in a directory that may not have
                // replicated a new identity yet (what the template's 'sleep 15' waited for).
                .put("principalType", "ServicePrincipal");
        return body;
    }

    ObjectNode planBody(String location) {
        ObjectNode body = JSON.createObjectNode().put("location", location).put("kind", "linux");
        body.putObject("sku")
                .put("name", plan.entry().sku())
                .put("tier", plan.entry().tier());
        body.putObject("properties").put("reserved", true);
        return body;
    }

    /**
     * The site (or slot): the image, pulled with the user-assigned identity, and the health-check path; the app
     * settings follow in one separate update.
     */
    ObjectNode siteBody(String location, String identityId, String clientId) {
        ObjectNode body = JSON.createObjectNode().put("location", location).put("kind", "app,linux,container");
        ObjectNode identity = body.putObject("identity").put("type", "UserAssigned");
        identity.putObject("userAssignedIdentities").putObject(identityId);
        ObjectNode properties = body.putObject("properties")
                .put("serverFarmId", serverFarm())
                .put("httpsOnly", true)
                .put("keyVaultReferenceIdentity", identityId);
        properties
                .putObject("siteConfig")
                .put("linuxFxVersion", plan.linuxFxVersion())
                .put("acrUseManagedIdentityCreds", true)
                .put("acrUserManagedIdentityID", clientId)
                .put("healthCheckPath", HEALTH_PATH)
                .put(
                        "alwaysOn",
                        !plan.entry().tier().equals("Free")
                                && !plan.entry().tier().equals("Shared"))
                .put("ftpsState", "Disabled")
                .put("minTlsVersion", "1.2");
        return body;
    }

    ObjectNode settingsBody(Map<String, String> settings) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode properties = body.putObject("properties");
        settings.forEach(properties::put);
        return body;
    }

    ObjectNode swapBody(String slot) {
        return JSON.createObjectNode().put("targetSlot", slot).put("preserveVnet", true);
    }
}
