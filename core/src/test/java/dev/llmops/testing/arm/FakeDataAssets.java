package dev.llmops.testing.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data assets and datastores of the default workspace, with the 2024-10-01 semantics of the REST spec:
 * {@code data} (list of containers), {@code data/{name}} (a container with {@code latestVersion} and
 * {@code nextVersion}), {@code data/{name}/versions} (list), {@code data/{name}/versions/{version}} (GET, and PUT of
 * a {@code DataVersionBase}: {@code dataType} and {@code dataUri} required, the container made on the first version,
 * a version immutable once made: a PUT that changes it is a {@code 409}); {@code datastores} (list, with the
 * {@code isDefault} filter), {@code datastores/{name}} (GET without secrets; PUT of an {@code AzureBlob} datastore
 * with {@code AccountKey}, {@code Sas} or {@code None} credentials, validated as the service does) and
 * {@code datastores/{name}/listSecrets}. The workspace's own {@code workspaceblobstore} (the fake Blob service) is
 * the default datastore until a test makes another one default.
 *
 * <p>Every method synchronises on the owning {@link FakeArm}.
 */
public final class FakeDataAssets {

    private static final Set<String> DATA_TYPES = Set.of("uri_file", "uri_folder", "mltable");
    private static final Set<String> CREDENTIALS = Set.of("AccountKey", "Sas", "None");

    private final FakeArm arm;
    private final String workspaceId;
    private final Map<String, Map<String, ObjectNode>> assets = new LinkedHashMap<>();
    private final Map<String, ObjectNode> datastores = new LinkedHashMap<>();
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private String defaultDatastore = FakeMlWorkspace.DEFAULT_DATASTORE;

    FakeDataAssets(FakeArm arm) {
        this.arm = arm;
        this.workspaceId = FakeMlWorkspace.id(FakeArm.SUBSCRIPTION, FakeArm.RESOURCE_GROUP, FakeArm.WORKSPACE);
    }

    // -- set-up --------------------------------------------------------------------------------------------

    /** A blob datastore signed with an account key (what {@code listSecrets} returns). */
    public FakeDataAssets blobDatastore(String name, String account, String container, String accountKey) {
        synchronized (arm) {
            datastores.put(name, blob(name, account, container, "AccountKey"));
            secrets.put(name, accountKey);
        }
        return this;
    }

    /**
     * A blob datastore signed with an account key that is the workspace's default (as {@code workspaceblobstore} is
     * otherwise): point it at Azurite with {@code Azurite.ACCOUNT}, a container and {@code Azurite.KEY}.
     */
    public FakeDataAssets defaultDatastore(String name, String account, String container, String accountKey) {
        blobDatastore(name, account, container, accountKey);
        synchronized (arm) {
            defaultDatastore = name;
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
        synchronized (arm) {
            return secrets.getOrDefault(defaultDatastore, arm.blobs.accountKey());
        }
    }

    // -- what happened -------------------------------------------------------------------------------------

    /** The versions of an asset, in the order they were made. */
    public List<JsonNode> versions(String asset) {
        synchronized (arm) {
            return List.copyOf(assets.getOrDefault(asset, Map.of()).values());
        }
    }

    /** The names of the data assets, in the order they were made. */
    public List<String> assets() {
        synchronized (arm) {
            return List.copyOf(assets.keySet());
        }
    }

    /** A datastore made by a test or a PUT, as GET returns it (no secrets). */
    public Optional<JsonNode> datastore(String name) {
        synchronized (arm) {
            return Optional.ofNullable(datastores.get(name)).map(JsonNode::deepCopy);
        }
    }

    /** The secret (account key or SAS token) a datastore was made with; what {@code listSecrets} answers. */
    public Optional<String> datastoreSecret(String name) {
        synchronized (arm) {
            return Optional.ofNullable(secrets.get(name));
        }
    }

    // -- routing (called under the FakeArm's lock) -----------------------------------------------------------

    /** The answer for a request below a workspace, when it is about data assets or datastores. */
    Optional<FakeResponse> route(FakeArmCall call, String workspace, String rel) {
        if (!workspace.equals(workspaceId) || rel.isEmpty()) {
            return Optional.empty();
        }
        String[] s = rel.substring(1).split("/");
        if (s[0].equals("datastores")) {
            return datastores(call, s);
        }
        if (s[0].equals("data")) {
            return Optional.of(data(call, s));
        }
        return Optional.empty();
    }

    /** {@code data}, {@code data/{n}}, {@code data/{n}/versions}, {@code data/{n}/versions/{v}}. */
    private FakeResponse data(FakeArmCall call, String[] s) {
        String m = call.method();
        if (s.length == 1) {
            if (!m.equals("GET")) {
                return notAllowed(call);
            }
            List<ObjectNode> all = new ArrayList<>();
            assets.keySet().forEach(n -> all.add(container(n)));
            return arm.page(call, all);
        }
        Map<String, ObjectNode> versions = assets.get(s[1]);
        if (s.length == 4 && s[2].equals("versions") && m.equals("PUT")) {
            return putVersion(call, s[1], s[3]);
        }
        if (!m.equals("GET")) {
            return notAllowed(call);
        }
        if (versions == null) {
            return FakeResponse.error(404, "UserError", "Could not find asset with name " + s[1]);
        }
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

    private FakeResponse putVersion(FakeArmCall call, String asset, String version) {
        if (!FakeMlWorkspace.VALID_NAME.matcher(asset).matches()
                || !FakeMlWorkspace.VALID_NAME.matcher(version).matches()) {
            return FakeResponse.error(400, "UserError", "Invalid asset name or version: " + asset + ":" + version);
        }
        JsonNode p = call.json().path("properties");
        String dataType = p.path("dataType").asText("");
        String dataUri = p.path("dataUri").asText("");
        if (!DATA_TYPES.contains(dataType)) {
            return FakeResponse.error(
                    400, "UserError", "properties.dataType must be one of " + DATA_TYPES + ", was '" + dataType + "'");
        }
        if (!dataUri.startsWith("azureml://") && !dataUri.startsWith("https://")) {
            return FakeResponse.error(
                    400,
                    "UserError",
                    "properties.dataUri must be an azureml:// or https:// URI, was '" + dataUri + "'");
        }
        ObjectNode v = FakeArm.JSON.createObjectNode();
        v.put("id", workspaceId + "/data/" + asset + "/versions/" + version).put("name", version);
        v.put("type", "Microsoft.MachineLearningServices/workspaces/data/versions");
        ObjectNode props = ((ObjectNode) p).deepCopy();
        props.put("isArchived", p.path("isArchived").asBoolean(false));
        if (!props.has("tags")) {
            props.putObject("tags");
        }
        v.set("properties", props);
        Map<String, ObjectNode> versions = assets.computeIfAbsent(asset, a -> new LinkedHashMap<>());
        ObjectNode existing = versions.get(version);
        if (existing != null) {
            if (existing.path("properties").path("dataUri").equals(props.path("dataUri"))
                    && existing.path("properties").path("tags").equals(props.path("tags"))) {
                return FakeResponse.json(200, existing.toString());
            }
            return FakeResponse.error(
                    409,
                    "UserError",
                    "Data version " + asset + ":" + version + " already exists and is immutable; its dataUri and tags"
                            + " cannot change");
        }
        versions.put(version, v);
        return FakeResponse.json(201, v.toString());
    }

    /** The datastores list, one datastore, its PUT and its {@code listSecrets}. */
    private Optional<FakeResponse> datastores(FakeArmCall call, String[] s) {
        String m = call.method();
        if (s.length == 1) {
            if (!m.equals("GET")) {
                return Optional.of(notAllowed(call));
            }
            List<ObjectNode> all = new ArrayList<>();
            all.add(FakeMlWorkspace.workspaceBlobStore(
                    workspaceId, defaultDatastore.equals(FakeMlWorkspace.DEFAULT_DATASTORE)));
            datastores.forEach((name, ds) -> all.add(shown(name, ds)));
            String isDefault = call.params().get("isDefault");
            if (isDefault != null) {
                boolean wanted = Boolean.parseBoolean(isDefault);
                all.removeIf(d -> d.path("properties").path("isDefault").asBoolean() != wanted);
            }
            return Optional.of(arm.page(call, all));
        }
        String name = s[1];
        if (s.length == 2 && m.equals("PUT")) {
            return Optional.of(putDatastore(call, name));
        }
        if (!datastores.containsKey(name)) {
            if (name.equals(FakeMlWorkspace.DEFAULT_DATASTORE)) {
                return Optional.empty(); // the workspace's own
            }
            return Optional.of(FakeResponse.error(404, "UserError", "Datastore " + name + " was not found"));
        }
        if (s.length == 2 && m.equals("GET")) {
            return Optional.of(
                    FakeResponse.json(200, shown(name, datastores.get(name)).toString()));
        }
        if (s.length == 3 && s[2].equals("listSecrets") && m.equals("POST")) {
            ObjectNode body = FakeArm.JSON.createObjectNode();
            String credentials = datastores
                    .get(name)
                    .path("properties")
                    .path("credentials")
                    .path("credentialsType")
                    .asText();
            switch (credentials) {
                case "AccountKey" -> body.put("secretsType", "AccountKey").put("key", secrets.get(name));
                case "Sas" -> body.put("secretsType", "Sas").put("sasToken", secrets.get(name));
                default -> {
                    return Optional.of(FakeResponse.error(
                            400, "UserError", "Datastore " + name + " is identity-based and has no secrets"));
                }
            }
            return Optional.of(FakeResponse.json(200, body.toString()));
        }
        return Optional.of(notAllowed(call));
    }

    /** {@code PUT datastores/{name}}: validated like the service, stored without its secret. */
    private FakeResponse putDatastore(FakeArmCall call, String name) {
        JsonNode p = call.json().path("properties");
        if (!FakeMlWorkspace.VALID_NAME.matcher(name).matches() || name.contains("-")) {
            return FakeResponse.error(
                    400, "UserError", "Datastore name " + name + " may hold letters, digits and underscores only");
        }
        if (!p.path("datastoreType").asText().equals("AzureBlob")) {
            return FakeResponse.error(
                    400, "UserError", "the fake knows AzureBlob datastores only, not " + p.path("datastoreType"));
        }
        for (String field : List.of("accountName", "containerName")) {
            if (p.path(field).asText("").isBlank()) {
                return FakeResponse.error(400, "UserError", "properties." + field + " is required");
            }
        }
        JsonNode credentials = p.path("credentials");
        String type = credentials.path("credentialsType").asText("");
        if (!CREDENTIALS.contains(type)) {
            return FakeResponse.error(
                    400, "UserError", "properties.credentials.credentialsType must be one of " + CREDENTIALS);
        }
        String secret = null;
        if (type.equals("AccountKey") || type.equals("Sas")) {
            JsonNode s = credentials.path("secrets");
            String field = type.equals("AccountKey") ? "key" : "sasToken";
            if (!s.path("secretsType").asText().equals(type)
                    || s.path(field).asText("").isBlank()) {
                return FakeResponse.error(
                        400,
                        "UserError",
                        "properties.credentials.secrets must be {secretsType: " + type + ", " + field + ": ...}");
            }
            secret = s.path(field).asText();
        }
        ObjectNode ds = blob(
                name, p.path("accountName").asText(), p.path("containerName").asText(), type);
        ObjectNode props = (ObjectNode) ds.path("properties");
        props.put("endpoint", p.path("endpoint").asText("core.windows.net"));
        props.put("protocol", p.path("protocol").asText("https"));
        if (p.hasNonNull("description")) {
            props.put("description", p.path("description").asText());
        }
        boolean existed = datastores.containsKey(name);
        datastores.put(name, ds);
        if (secret == null) {
            secrets.remove(name);
        } else {
            secrets.put(name, secret);
        }
        return FakeResponse.json(existed ? 200 : 201, shown(name, ds).toString());
    }

    private ObjectNode blob(String name, String account, String container, String credentialsType) {
        ObjectNode ds = FakeArm.JSON.createObjectNode();
        ds.put("id", workspaceId + "/datastores/" + name).put("name", name);
        ds.put("type", "Microsoft.MachineLearningServices/workspaces/datastores");
        ObjectNode p = ds.putObject("properties");
        p.put("datastoreType", "AzureBlob").put("isDefault", false).put("accountName", account);
        p.put("containerName", container).put("endpoint", "core.windows.net").put("protocol", "https");
        p.putObject("credentials").put("credentialsType", credentialsType);
        return ds;
    }

    private ObjectNode shown(String name, ObjectNode ds) {
        ObjectNode copy = ds.deepCopy();
        ((ObjectNode) copy.path("properties")).put("isDefault", name.equals(defaultDatastore));
        return copy;
    }

    private ObjectNode container(String asset) {
        Map<String, ObjectNode> versions = assets.get(asset);
        String latest = versions.keySet().stream()
                .reduce((a, b) ->
                        a.matches("\\d+") && b.matches("\\d+") && Integer.parseInt(a) > Integer.parseInt(b) ? a : b)
                .orElse("");
        int highest = versions.keySet().stream()
                .filter(v -> v.matches("\\d{1,9}"))
                .mapToInt(Integer::parseInt)
                .max()
                .orElse(0);
        ObjectNode c = FakeArm.JSON.createObjectNode();
        c.put("id", workspaceId + "/data/" + asset).put("name", asset);
        c.put("type", "Microsoft.MachineLearningServices/workspaces/data");
        ObjectNode p = c.putObject("properties");
        String type = versions.isEmpty()
                ? "uri_file"
                : versions.values()
                        .iterator()
                        .next()
                        .path("properties")
                        .path("dataType")
                        .asText("uri_file");
        p.put("dataType", type).put("isArchived", false).put("latestVersion", latest);
        p.put("nextVersion", String.valueOf(highest + 1));
        return c;
    }

    private static FakeResponse notAllowed(FakeArmCall call) {
        return FakeResponse.error(
                405,
                "MethodNotAllowed",
                call.method() + " is not supported at " + call.path().toLowerCase(Locale.ROOT));
    }
}
