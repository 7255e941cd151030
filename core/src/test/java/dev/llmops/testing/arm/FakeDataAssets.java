package dev.llmops.testing.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Data assets set up directly by a test in the default workspace (api-version 2024-10-01 {@code data/{name}}
 * containers with {@code latestVersion} and {@code nextVersion}, {@code data/{name}/versions/{version}}), and extra
 * blob datastores with their account key from {@code listSecrets}. The {@link FakeArm} asks it first: it answers only
 * for the assets and datastores it holds, so the workspace's own resources stay as they are.
 *
 * <p>Every method synchronises on the owning {@link FakeArm}.
 */
public final class FakeDataAssets {

    private final FakeArm arm;
    private final String workspaceId;
    private final Map<String, Map<String, ObjectNode>> assets = new LinkedHashMap<>();
    private final Map<String, ObjectNode> datastores = new LinkedHashMap<>();
    private final Map<String, String> keys = new LinkedHashMap<>();

    FakeDataAssets(FakeArm arm) {
        this.arm = arm;
        this.workspaceId = FakeMlWorkspace.id(FakeArm.SUBSCRIPTION, FakeArm.RESOURCE_GROUP, FakeArm.WORKSPACE);
    }

    // -- set-up --------------------------------------------------------------------------------------------

    /** A blob datastore signed with an account key (what {@code listSecrets} returns). */
    public FakeDataAssets blobDatastore(String name, String account, String container, String accountKey) {
        synchronized (arm) {
            ObjectNode ds = FakeArm.JSON.createObjectNode();
            ds.put("id", workspaceId + "/datastores/" + name).put("name", name);
            ObjectNode p = ds.putObject("properties");
            p.put("datastoreType", "AzureBlob").put("isDefault", false).put("accountName", account);
            p.put("containerName", container)
                    .put("endpoint", "core.windows.net")
                    .put("protocol", "https");
            p.putObject("credentials").put("credentialsType", "AccountKey");
            datastores.put(name, ds);
            keys.put(name, accountKey);
        }
        return this;
    }

    /** A {@code uri_file} version at {@code azureml://.../datastores/<datastore>/paths/<path>}, with these tags. */
    public FakeDataAssets uriFile(
            String asset, String version, String datastore, String path, Map<String, String> tags) {
        String uri = "azureml://subscriptions/" + FakeArm.SUBSCRIPTION + "/resourcegroups/" + FakeArm.RESOURCE_GROUP
                + "/workspaces/" + FakeArm.WORKSPACE + "/datastores/" + datastore + "/paths/" + path;
        return version(asset, version, "uri_file", uri, tags);
    }

    /** A version of any type and URI. */
    public FakeDataAssets version(
            String asset, String version, String dataType, String dataUri, Map<String, String> tags) {
        synchronized (arm) {
            ObjectNode v = FakeArm.JSON.createObjectNode();
            v.put("id", workspaceId + "/data/" + asset + "/versions/" + version).put("name", version);
            ObjectNode p = v.putObject("properties");
            p.put("dataType", dataType).put("dataUri", dataUri).put("isArchived", false);
            ObjectNode t = p.putObject("tags");
            tags.forEach(t::put);
            assets.computeIfAbsent(asset, a -> new LinkedHashMap<>()).put(version, v);
        }
        return this;
    }

    /** Puts a file on the workspace's default datastore ({@code workspaceblobstore}) at {@code path}. */
    public FakeDataAssets defaultDatastoreFile(String path, byte[] content) {
        arm.blobs.put(path, content);
        return this;
    }

    /** The account key {@code listSecrets} gives for the default datastore (to check it is never printed). */
    public String defaultDatastoreKey() {
        return arm.blobs.accountKey();
    }

    /** The versions of an asset, in the order they were made. */
    public List<JsonNode> versions(String asset) {
        synchronized (arm) {
            return List.copyOf(assets.getOrDefault(asset, Map.of()).values());
        }
    }

    // -- routing (called under the FakeArm's lock) -----------------------------------------------------------

    /** The answer for a request below a workspace, when it is about what this holds. */
    Optional<FakeResponse> route(FakeArmCall call, String workspace, String rel) {
        if (!workspace.equals(workspaceId) || rel.isEmpty()) {
            return Optional.empty();
        }
        String[] s = rel.substring(1).split("/");
        if (s[0].equals("datastores")) {
            return datastore(call, s);
        }
        boolean mine = s[0].equals("data") && (s.length == 1 ? !assets.isEmpty() : assets.containsKey(s[1]));
        if (!mine || !call.method().equals("GET")) {
            return Optional.empty();
        }
        return Optional.of(data(call, s));
    }

    /** {@code data}, {@code data/{n}}, {@code data/{n}/versions}, {@code data/{n}/versions/{v}}. */
    private FakeResponse data(FakeArmCall call, String[] s) {
        if (s.length == 1) {
            List<ObjectNode> all = new ArrayList<>();
            assets.keySet().forEach(n -> all.add(container(n)));
            return arm.page(call, all);
        }
        Map<String, ObjectNode> versions = assets.get(s[1]);
        if (s.length == 2) {
            return FakeResponse.json(200, container(s[1]).toString());
        }
        if (s.length == 3 && s[2].equals("versions")) {
            return arm.page(call, List.copyOf(versions.values()));
        }
        if (s.length == 4 && s[2].equals("versions")) {
            ObjectNode v = versions.get(s[3]);
            return v == null
                    ? FakeResponse.error(404, "UserError", "Could not find asset " + s[1] + " version " + s[3])
                    : FakeResponse.json(200, v.toString());
        }
        return FakeResponse.error(404, "ResourceNotFound", "The fake has no resource at " + call.path());
    }

    /** A datastore made by {@link #blobDatastore}, and its {@code listSecrets}; empty for any other. */
    private Optional<FakeResponse> datastore(FakeArmCall call, String[] s) {
        if (s.length < 2 || !datastores.containsKey(s[1])) {
            return Optional.empty();
        }
        if (s.length == 2 && call.method().equals("GET")) {
            return Optional.of(FakeResponse.json(200, datastores.get(s[1]).toString()));
        }
        if (s.length == 3 && s[2].equals("listSecrets") && call.method().equals("POST")) {
            return Optional.of(FakeResponse.json(
                    200,
                    FakeArm.JSON
                            .createObjectNode()
                            .put("secretsType", "AccountKey")
                            .put("key", keys.get(s[1]))
                            .toString()));
        }
        return Optional.empty();
    }

    private ObjectNode container(String asset) {
        Map<String, ObjectNode> versions = assets.get(asset);
        String latest = versions.keySet().stream()
                .reduce((a, b) ->
                        a.matches("\\d+") && b.matches("\\d+") && Integer.parseInt(a) > Integer.parseInt(b) ? a : b)
                .orElse("");
        ObjectNode c = FakeArm.JSON.createObjectNode();
        c.put("id", workspaceId + "/data/" + asset).put("name", asset);
        ObjectNode p = c.putObject("properties");
        p.put("dataType", "uri_file").put("isArchived", false).put("latestVersion", latest);
        p.put("nextVersion", latest.matches("\\d+") ? String.valueOf(Integer.parseInt(latest) + 1) : "1");
        return c;
    }
}
