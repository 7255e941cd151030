package dev.llmops.deploy.aml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.azure.ArmAuthException;
import dev.llmops.azure.ArmClient;
import dev.llmops.azure.ArmException;
import dev.llmops.azure.AzureWorkspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Before the first write, asks Resource Manager what the signed-in identity may do on the workspace
 * ({@code GET <workspace>/providers/Microsoft.Authorization/permissions}, the caller's own effective actions), so a
 * missing role stops the command with nothing changed rather than at its third write. When the permissions cannot
 * be listed, the check is skipped with a note: the first refused write still names the role and scope.
 */
final class AccessCheck {

    static final String API_VERSION = "2022-04-01";

    /** What a deployment does on the workspace; the role most teams grant allows all of them. */
    static final List<String> ACTIONS = List.of(
            "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/write",
            "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/write",
            "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/listKeys/action");

    private AccessCheck() {}

    /**
     * @throws ArmAuthException naming each action the identity lacks, the scope and a role to grant
     */
    static void require(ArmClient arm, AzureWorkspace ws, Consumer<String> log) {
        List<JsonNode> permissions;
        try {
            permissions =
                    arm.withApiVersion(API_VERSION).list(ws.id() + "/providers/Microsoft.Authorization/permissions");
        } catch (ArmException e) {
            log.accept("  note: could not list the identity's permissions (" + e.getMessage()
                    + "); a missing role shows at the first write");
            return;
        }
        List<String> missing = new ArrayList<>();
        for (String action : ACTIONS) {
            if (!allowed(permissions, action)) {
                missing.add(action);
            }
        }
        if (!missing.isEmpty()) {
            throw new ArmAuthException(
                    "the signed-in identity may not " + String.join(", ", missing) + " on " + ws.id()
                            + ": grant it 'AzureML Data Scientist' on the workspace (or Contributor on resource group "
                            + ws.resourceGroup() + "); nothing was changed",
                    403,
                    null);
        }
    }

    /** An action is allowed when some permission grants it and does not exclude it (ARM's rule). */
    static boolean allowed(List<JsonNode> permissions, String action) {
        for (JsonNode p : permissions) {
            if (matchesAny(p.path("actions"), action) && !matchesAny(p.path("notActions"), action)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAny(JsonNode patterns, String action) {
        for (JsonNode p : patterns) {
            if (glob(p.asText()).matcher(action).matches()) {
                return true;
            }
        }
        return false;
    }

    /** {@code Microsoft.MachineLearningServices/workspaces/*}{@code /write}: {@code *} matches any text, case aside. */
    private static Pattern glob(String pattern) {
        return Pattern.compile(
                Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")),
                Pattern.CASE_INSENSITIVE);
    }
}
