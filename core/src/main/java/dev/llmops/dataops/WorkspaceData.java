package dev.llmops.dataops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.azure.ArmClient;
import dev.llmops.azure.ArmNotFoundException;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.secret.SecretMasker;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Resource Manager reads behind an {@code azureml:} source (api-version 2024-10-01): the data container (its
 * {@code latestVersion}), the version ({@code dataType}, {@code dataUri}, the {@code data_hash} tag), and the
 * datastore the file lives in, with its secret ({@code listSecrets}) or, for an identity-based datastore, none.
 */
final class WorkspaceData {

    static final String API_VERSION = "2024-10-01";

    /** A version as the workspace describes it. */
    record Version(String name, String version, String dataType, String dataUri, Optional<String> dataHash) {}

    private final ArmClient arm;
    private final SecretMasker masker;
    private final Optional<String> blobEndpoint;

    WorkspaceData(ArmClient arm, SecretMasker masker, Optional<String> blobEndpoint) {
        this.arm = arm;
        this.masker = masker;
        this.blobEndpoint = blobEndpoint;
    }

    /** The asset's latest version. */
    String latestVersion(AzureWorkspace ws, String name) {
        JsonNode container = container(ws, name);
        String latest = container.path("properties").path("latestVersion").asText("");
        if (latest.isEmpty()) {
            throw new DataAssetException(
                    "data asset '" + name + "' in workspace " + ws.name() + " has no version",
                    "register one (llmops data register), or fix the source");
        }
        return latest;
    }

    Version version(AzureWorkspace ws, String name, String version) {
        JsonNode v;
        try {
            v = arm.get(ws.path("data/" + name + "/versions/" + version));
        } catch (ArmNotFoundException e) {
            container(ws, name); // says so when the asset itself is missing
            List<String> versions = arm.list(ws.path("data/" + name + "/versions")).stream()
                    .map(n -> n.path("name").asText())
                    .toList();
            throw new DataAssetException(
                    "data asset '" + name + "' has no version '" + version + "' in workspace " + ws.name(),
                    (versions.isEmpty() ? "it has no versions" : "its versions: " + String.join(", ", versions))
                            + "; or write " + AssetRef.PREFIX + name + "@latest");
        }
        JsonNode p = v.path("properties");
        Optional<String> hash = Optional.ofNullable(
                        p.path("tags").path("data_hash").textValue())
                .filter(h -> !h.isBlank());
        return new Version(
                name, version, p.path("dataType").asText(""), p.path("dataUri").asText(""), hash);
    }

    /** The container of a blob datastore, with the datastore's secret or the caller's identity to read it. */
    BlobReader.Container datastore(AzureWorkspace ws, String datastore) {
        JsonNode ds;
        try {
            ds = arm.get(ws.path("datastores/" + datastore));
        } catch (ArmNotFoundException e) {
            throw new DataAssetException(
                    "datastore '" + datastore + "' does not exist in workspace " + ws.name(),
                    "the data asset points at a deleted datastore: create it again (llmops data datastore) or"
                            + " register the data again");
        }
        JsonNode p = ds.path("properties");
        String type = p.path("datastoreType").asText("AzureBlob");
        if (!type.equalsIgnoreCase("AzureBlob")) {
            throw new DataAssetException(
                    "datastore '" + datastore + "' is of type " + type + "; llmops reads data assets from AzureBlob"
                            + " datastores",
                    "register the data on a blob datastore (the workspace's default one is)");
        }
        return BlobReader.Container.of(
                p.path("accountName").asText(),
                p.path("protocol").asText("https"),
                p.path("endpoint").asText("core.windows.net"),
                p.path("containerName").asText(),
                blobEndpoint,
                auth(
                        ws,
                        datastore,
                        p.path("credentials").path("credentialsType").asText("AccountKey")));
    }

    private BlobReader.Auth auth(AzureWorkspace ws, String datastore, String credentialsType) {
        if (credentialsType.equalsIgnoreCase("None")) {
            return new BlobReader.Auth.Entra(arm.credential());
        }
        JsonNode secrets =
                arm.post(ws.path("datastores/" + datastore + "/listSecrets"), null, true, "listSecrets " + datastore);
        if (secrets.hasNonNull("key")) {
            masker.register(secrets.get("key").asText());
            return new BlobReader.Auth.AccountKey(secrets.get("key").asText());
        }
        if (secrets.hasNonNull("sasToken")) {
            masker.register(secrets.get("sasToken").asText());
            return new BlobReader.Auth.Sas(secrets.get("sasToken").asText());
        }
        return new BlobReader.Auth.Entra(arm.credential());
    }

    private JsonNode container(AzureWorkspace ws, String name) {
        try {
            return arm.get(ws.path("data/" + name));
        } catch (ArmNotFoundException e) {
            List<String> names = arm.list(ws.path("data")).stream()
                    .map(n -> n.path("name").asText())
                    .filter(n -> !n.isEmpty())
                    .sorted()
                    .limit(20)
                    .toList();
            throw new DataAssetException(
                    "data asset '" + name + "' does not exist in workspace " + ws.name(),
                    "register it (llmops data register -u <use case> -e <env>) or fix the name"
                            + (names.isEmpty()
                                    ? "; the workspace has no data assets"
                                    : "; its data assets: " + String.join(", ", names)));
        }
    }

    static boolean isUriFile(String dataType) {
        return dataType.toLowerCase(Locale.ROOT).replace("_", "").equals("urifile");
    }
}
