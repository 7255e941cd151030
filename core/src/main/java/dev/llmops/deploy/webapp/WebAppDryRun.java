package dev.llmops.deploy.webapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls a deployment would make, with their bodies, for {@code --dry-run}: nothing is read or changed.
 * Values known only once Azure answers are shown as {@code <...>}; secret app settings as {@code ***}.
 */
public final class WebAppDryRun {

    private WebAppDryRun() {}

    /** The planned calls as text, one block per call. */
    public static String render(WebAppPlan plan) {
        WebAppBodies b = new WebAppBodies(plan);
        WebAppEntry e = plan.entry();
        String location = e.location()
                .orElse("<location of resource group " + e.group() + ", else of registry " + e.registry() + ">");
        String principal = "<principalId of " + e.identity() + ">";
        String client = "<clientId of " + e.identity() + ">";
        String slot = plan.slot().orElse(null);
        String where = slot == null ? "the web app" : "slot " + slot;
        List<String> out = new ArrayList<>();
        out.add(call(
                "GET",
                b.registry(),
                WebAppBodies.REGISTRY_API,
                null,
                "read: the registry must exist and" + " serve " + plan.imageHost()));
        out.add(call(
                "PUT",
                b.group(),
                WebAppBodies.RESOURCES_API,
                b.groupBody(location),
                "only when the resource" + " group does not exist"));
        out.add(call("PUT", b.identity(), WebAppBodies.MSI_API, b.identityBody(location), null));
        out.add(call(
                "PUT",
                b.registry() + "/providers/Microsoft.Authorization/roleAssignments/<uuid of registry, principal"
                        + " and role>",
                WebAppBodies.AUTHORIZATION_API,
                b.roleBody(principal),
                "AcrPull on the registry; the name is derived from the principal, so a rerun finds it"));
        out.add(call("PUT", b.serverFarm(), WebAppBodies.WEB_API, b.planBody(location), null));
        out.add(call(
                "PUT",
                b.target(slot),
                WebAppBodies.WEB_API,
                b.siteBody(location, b.identity(), client),
                slot == null ? null : "the slot (a first deployment, with no web app yet, goes to production)"));
        out.add(call(
                "PUT",
                b.target(slot) + "/config/appsettings",
                WebAppBodies.WEB_API,
                b.settingsBody(plan.shownSettings()),
                "all app settings in one update (merged with the ones " + where + " has)"));
        out.add("GET https://<default host name of " + where + ">/health   until 200\n"
                + "POST https://<default host name of " + where + ">/score   " + e.testFile() + ", must answer 200\n");
        if (slot != null) {
            out.add(call(
                    "POST",
                    b.site() + "/slotsswap",
                    WebAppBodies.WEB_API,
                    b.swapBody(slot),
                    "only after the smoke test passed; then production's /health is polled"));
        }
        return String.join("\n", out);
    }

    private static String call(String method, String path, String api, JsonNode body, String note) {
        StringBuilder sb = new StringBuilder();
        sb.append(method)
                .append(' ')
                .append(path)
                .append("?api-version=")
                .append(api)
                .append('\n');
        if (note != null) {
            sb.append("# ").append(note).append('\n');
        }
        if (body != null) {
            try {
                sb.append(WebAppBodies.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body))
                        .append('\n');
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return sb.toString();
    }
}
