package dev.llmops.deploy.aml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.azure.ArmClient;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.azure.BlobStore;
import dev.llmops.azure.Datastore;
import dev.llmops.secret.SecretMasker;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Registers the standard flow as model {@code <experiment>_<env>} ({@code register_model} of the template): a new
 * version only when the flow's content hash (tag {@code model_hash}) differs from the latest version's. The flow
 * files go to the workspace's default datastore under {@code LocalUpload/<hash>/<flow folder>/}, where the Azure
 * ML SDK puts them too, and the version's {@code modelUri} points there.
 */
final class ModelRegistrar {

    /** A registered (or reused) version. */
    record Registered(String name, String version, String id, boolean created) {}

    private final ArmClient arm;
    private final AzureWorkspace ws;
    private final BlobStore blobs;
    private final Optional<String> blobEndpoint;
    private final SecretMasker masker;
    private final Consumer<String> log;

    ModelRegistrar(
            ArmClient arm,
            AzureWorkspace ws,
            BlobStore blobs,
            Optional<String> blobEndpoint,
            SecretMasker masker,
            Consumer<String> log) {
        this.arm = arm;
        this.ws = ws;
        this.blobs = blobs;
        this.blobEndpoint = blobEndpoint;
        this.masker = masker;
        this.log = log;
    }

    Registered register(String name, FlowSnapshot flow, String experiment, Optional<String> buildId) {
        String container = ws.path("models/" + name);
        Optional<JsonNode> existing = arm.find(container);
        String latest = existing.map(
                        c -> c.path("properties").path("latestVersion").asText(""))
                .orElse("");
        if (!latest.isEmpty()) {
            JsonNode version = arm.get(container + "/versions/" + latest);
            if (flow.sha256()
                    .equals(version.path("properties")
                            .path("tags")
                            .path("model_hash")
                            .asText())) {
                log.accept("  model " + name + ":" + latest + " has the flow's hash; no new version");
                return new Registered(name, latest, container + "/versions/" + latest, false);
            }
        }
        String next = existing.map(c -> c.path("properties").path("nextVersion").asText(""))
                .filter(v -> !v.isEmpty())
                .orElse(latest.matches("[0-9]+") ? String.valueOf(Integer.parseInt(latest) + 1) : "1");
        String datastore = upload(flow);
        ObjectNode body = body(ws, datastore, flow, experiment, buildId);
        log.accept("  registering model " + name + ":" + next + " (flow hash "
                + flow.sha256().substring(0, 12) + ")");
        String path = container + "/versions/" + next;
        arm.put(path, body, "model " + name + ":" + next);
        return new Registered(name, next, path, true);
    }

    /** {@code PUT models/{name}/versions/{v}}: the flow folder uploaded to {@code datastore}, tagged with its hash. */
    static ObjectNode body(
            AzureWorkspace ws, String datastore, FlowSnapshot flow, String experiment, Optional<String> buildId) {
        String folder = flow.dir().getFileName().toString();
        ObjectNode body = AmlBodies.JSON.createObjectNode();
        ObjectNode p = body.putObject("properties");
        p.put("modelType", "custom_model");
        p.put(
                "modelUri",
                "azureml://subscriptions/" + ws.subscriptionId() + "/resourceGroups/" + ws.resourceGroup()
                        + "/workspaces/" + ws.name() + "/datastores/" + datastore + "/paths/"
                        + uploadPrefix(flow).replaceAll("/$", ""));
        p.put("description", experiment + " model registered for prompt flow deployment");
        p.put("stage", "Production");
        ObjectNode tags = p.putObject("tags").put("model_hash", flow.sha256());
        buildId.ifPresent(id -> tags.put("build_id", id));
        p.putObject("properties").put("azureml.promptflow.source_flow_id", folder);
        return body;
    }

    /** {@code LocalUpload/<hash>/<flow folder>/}, where the Azure ML SDK puts uploads too. */
    static String uploadPrefix(FlowSnapshot flow) {
        return "LocalUpload/" + flow.sha256() + "/" + flow.dir().getFileName() + "/";
    }

    /** Uploads the flow to the default datastore; returns the datastore's name. */
    private String upload(FlowSnapshot flow) {
        Datastore ds = Datastore.defaultOf(arm, ws, blobEndpoint, masker);
        String prefix = uploadPrefix(flow);
        log.accept("  uploading " + flow.files().size() + " flow files to datastore " + ds.name());
        for (String rel : flow.files()) {
            blobs.upload(ds.target(), ds.auth(), prefix + rel, flow.dir().resolve(rel), BlobStore.Progress.NONE);
        }
        return ds.name();
    }
}
