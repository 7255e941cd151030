package dev.llmops.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.secret.SecretMasker;
import java.util.List;
import java.util.Optional;

/**
 * A blob datastore of a workspace: its container, and how to sign for it. The account key or SAS token comes
 * from the datastore's {@code listSecrets} and is registered with the masker before anything can print it; a
 * datastore without credentials (identity-based) is signed with the caller's Entra token.
 *
 * @param name the datastore's name, e.g. {@code workspaceblobstore}
 * @param target where its blobs are
 * @param auth how to sign
 */
public record Datastore(String name, BlobStore.Target target, BlobStore.Auth auth) {

    /** The workspace's default datastore ({@code GET datastores?isDefault=true}). */
    public static Datastore defaultOf(
            ArmClient arm, AzureWorkspace ws, Optional<String> blobEndpoint, SecretMasker masker) {
        List<JsonNode> defaults = arm.list(ws.path("datastores?isDefault=true"));
        JsonNode ds = defaults.stream()
                .filter(d -> d.path("properties").path("isDefault").asBoolean(true))
                .findFirst()
                .orElseThrow(() -> new ArmNotFoundException(
                        "workspace " + ws.name() + " has no default datastore: set one in Azure ML studio (Data >"
                                + " Datastores > Set as default)",
                        404,
                        null));
        return of(arm, ws, ds, blobEndpoint, masker);
    }

    /**
     * A named datastore.
     *
     * @throws ArmNotFoundException when the workspace has none of that name
     */
    public static Datastore named(
            ArmClient arm, AzureWorkspace ws, String name, Optional<String> blobEndpoint, SecretMasker masker) {
        return of(arm, ws, arm.get(ws.path("datastores/" + name)), blobEndpoint, masker);
    }

    private static Datastore of(
            ArmClient arm, AzureWorkspace ws, JsonNode ds, Optional<String> blobEndpoint, SecretMasker masker) {
        String name = ds.path("name").asText();
        JsonNode p = ds.path("properties");
        if (!p.path("datastoreType").asText("AzureBlob").equalsIgnoreCase("AzureBlob")) {
            throw new ArmRequestException(
                    "datastore " + name + " of workspace " + ws.name() + " is of type "
                            + p.path("datastoreType").asText() + "; llmops reads and writes blob datastores only",
                    400,
                    null);
        }
        BlobStore.Target target = BlobStore.Target.of(
                p.path("accountName").asText(),
                p.path("protocol").asText("https"),
                p.path("endpoint").asText("core.windows.net"),
                p.path("containerName").asText(),
                blobEndpoint);
        String kind = p.path("credentials").path("credentialsType").asText("AccountKey");
        if (kind.equalsIgnoreCase("None")) {
            return new Datastore(name, target, new BlobStore.Auth.Entra(arm.credential()));
        }
        JsonNode secrets = arm.post(ws.path("datastores/" + name + "/listSecrets"), null, true, "listSecrets");
        if (secrets.hasNonNull("key")) {
            masker.register(secrets.get("key").asText());
            return new Datastore(
                    name,
                    target,
                    new BlobStore.Auth.AccountKey(secrets.get("key").asText()));
        }
        if (secrets.hasNonNull("sasToken")) {
            masker.register(secrets.get("sasToken").asText());
            return new Datastore(
                    name, target, new BlobStore.Auth.Sas(secrets.get("sasToken").asText()));
        }
        return new Datastore(name, target, new BlobStore.Auth.Entra(arm.credential()));
    }

    /**
     * The long-form URI Azure ML stores for a path of this datastore:
     * {@code azureml://subscriptions/{s}/resourcegroups/{rg}/workspaces/{ws}/datastores/{name}/paths/{path}}.
     */
    public String uri(AzureWorkspace ws, String path) {
        return "azureml://subscriptions/" + ws.subscriptionId() + "/resourcegroups/" + ws.resourceGroup()
                + "/workspaces/" + ws.name() + "/datastores/" + name + "/paths/" + path;
    }
}
