package dev.llmops.testing.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One Azure ML workspace of the {@link FakeArm}, with the 2024-10-01 semantics the deploy code relies on:
 * model and environment containers with {@code latestVersion}/{@code nextVersion} and immutable versions; online
 * endpoints and deployments created by long-running operations; traffic validated as the service does (known
 * deployments only, no empty name, integers summing to 0 or 100, mirror traffic at most 50); {@code listKeys};
 * {@code getLogs}; deleting a deployment that still takes traffic refused; each endpoint's scoring URI served at
 * {@code /score/<endpoint>} with key auth and {@code azureml-model-deployment} routing to a {@link Scorer}.
 *
 * <p>Every method synchronises on the owning {@link FakeArm}.
 */
public final class FakeMlWorkspace {

    /** Answers scoring requests for one deployment. */
    @FunctionalInterface
    public interface Scorer {

        Answer score(String deployment, String requestBody);

        /**
         * A request that passed the endpoint's key check, with the {@code Authorization} header the client sent
         * (the endpoint passes it on to the container).
         */
        default Answer score(String deployment, String requestBody, String authorization) {
            return score(deployment, requestBody);
        }

        /** Forwards to a real server's scoring route, e.g. a running {@code llmops serve}, with the client's key. */
        static Scorer proxy(URI score) {
            HttpClient http = HttpClient.newHttpClient();
            return new Scorer() {
                @Override
                public Answer score(String deployment, String requestBody) {
                    return score(deployment, requestBody, null);
                }

                @Override
                public Answer score(String deployment, String body, String authorization) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(score)
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body));
                    if (authorization != null) {
                        request.header("Authorization", authorization);
                    }
                    try {
                        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        return new Answer(r.statusCode(), r.body());
                    } catch (IOException e) {
                        return new Answer(502, "{\"message\":\"upstream unreachable: " + e.getMessage() + "\"}");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new Answer(503, "{\"message\":\"interrupted\"}");
                    }
                }
            };
        }

        static Scorer fixed(int status, String body) {
            return (deployment, request) -> new Answer(status, body);
        }
    }

    public record Answer(int status, String body) {}

    private static final Set<String> AUTH_MODES = Set.of("Key", "AMLToken", "AADToken");

    /** The workspace's own blob datastore, on the fake Blob service. */
    static final String DEFAULT_DATASTORE = "workspaceblobstore";

    /** Azure ML's rule for asset names and versions. */
    static final java.util.regex.Pattern VALID_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

    private final FakeArm arm;
    private final String subscription;
    private final String group;
    private final String name;
    private final String location;
    private final Map<String, ObjectNode> resources = new LinkedHashMap<>();
    private final Map<String, FakeOperation> pending = new LinkedHashMap<>();
    private final Map<String, String[]> keys = new LinkedHashMap<>();
    private final Map<String, Scorer> scorers = new LinkedHashMap<>();
    private final Map<String, String> logs = new LinkedHashMap<>();
    private final Map<String, FakeOperation.Failure> failing = new LinkedHashMap<>();

    FakeMlWorkspace(FakeArm arm, String subscription, String group, String name, String location) {
        this.arm = arm;
        this.subscription = subscription;
        this.group = group;
        this.name = name;
        this.location = location;
    }

    static String id(String subscription, String group, String name) {
        return "/subscriptions/" + subscription + "/resourceGroups/" + group
                + "/providers/Microsoft.MachineLearningServices/workspaces/" + name;
    }

    public String id() {
        return id(subscription, group, name);
    }

    // -- set-up --------------------------------------------------------------------------------------------

    /** How a deployment answers scoring requests (default: 200 echoing the request). */
    public FakeMlWorkspace scorer(String deployment, Scorer scorer) {
        synchronized (arm) {
            scorers.put(deployment, scorer);
        }
        return this;
    }

    /** The inference-server log a deployment's {@code getLogs} returns. */
    public FakeMlWorkspace logs(String deployment, String content) {
        synchronized (arm) {
            logs.put(deployment, content);
        }
        return this;
    }

    /** Creating or updating this deployment ends {@code Failed} with this error. */
    public FakeMlWorkspace failDeployment(String deployment, String code, String message) {
        synchronized (arm) {
            failing.put(deployment, new FakeOperation.Failure(code, message));
        }
        return this;
    }

    /** An attached Kubernetes compute (AKS or Arc) that Kubernetes endpoints may name. */
    public FakeMlWorkspace kubernetesCompute(String compute) {
        synchronized (arm) {
            ObjectNode c = FakeArm.JSON.createObjectNode();
            c.put("id", id() + "/computes/" + compute).put("name", compute).put("location", location);
            c.putObject("properties").put("computeType", "Kubernetes").put("provisioningState", "Succeeded");
            resources.put(FakeArm.key("/computes/" + compute), c);
        }
        return this;
    }

    // -- state ---------------------------------------------------------------------------------------------

    public Optional<JsonNode> endpoint(String endpoint) {
        return get("/onlineEndpoints/" + endpoint);
    }

    public Optional<JsonNode> deployment(String endpoint, String deployment) {
        return get("/onlineEndpoints/" + endpoint + "/deployments/" + deployment);
    }

    /** The endpoint's live traffic ({@code properties.traffic}); empty when there is no such endpoint. */
    public Map<String, Integer> traffic(String endpoint) {
        return ints(endpoint(endpoint).map(e -> e.path("properties").path("traffic")));
    }

    public Map<String, Integer> mirrorTraffic(String endpoint) {
        return ints(endpoint(endpoint).map(e -> e.path("properties").path("mirrorTraffic")));
    }

    public List<String> deployments(String endpoint) {
        synchronized (arm) {
            return children("/onlineEndpoints/" + endpoint + "/deployments").stream()
                    .map(d -> d.path("name").asText())
                    .toList();
        }
    }

    /** The versions of a model, oldest first. */
    public List<JsonNode> modelVersions(String model) {
        synchronized (arm) {
            return List.copyOf(children("/models/" + model + "/versions"));
        }
    }

    public List<JsonNode> environmentVersions(String environment) {
        synchronized (arm) {
            return List.copyOf(children("/environments/" + environment + "/versions"));
        }
    }

    /** The endpoint's primary key (what {@code listKeys} returns first). */
    public String primaryKey(String endpoint) {
        synchronized (arm) {
            return keys.get(endpoint)[0];
        }
    }

    /** The endpoint's secondary key. */
    public String secondaryKey(String endpoint) {
        synchronized (arm) {
            return keys.get(endpoint)[1];
        }
    }

    boolean hasEndpoint(String endpoint) {
        synchronized (arm) {
            return resources.containsKey(FakeArm.key("/onlineEndpoints/" + endpoint));
        }
    }

    private Optional<JsonNode> get(String rel) {
        synchronized (arm) {
            return Optional.ofNullable(resources.get(FakeArm.key(rel))).map(JsonNode::deepCopy);
        }
    }

    private static Map<String, Integer> ints(Optional<JsonNode> node) {
        Map<String, Integer> out = new LinkedHashMap<>();
        node.ifPresent(n ->
                n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asInt())));
        return out;
    }

    private List<ObjectNode> children(String rel) {
        String prefix = FakeArm.key(rel) + "/";
        List<ObjectNode> out = new ArrayList<>();
        resources.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.indexOf('/', prefix.length()) < 0) {
                out.add(v);
            }
        });
        return out;
    }

    // -- routing -------------------------------------------------------------------------------------------

    FakeResponse route(FakeArmCall call, String rel) {
        String[] s = rel.isEmpty() ? new String[0] : rel.substring(1).split("/");
        String m = call.method();
        if (s.length == 0) {
            return m.equals("GET") ? FakeResponse.json(200, workspace().toString()) : notAllowed(call);
        }
        String kind = s[0].toLowerCase(Locale.ROOT);
        switch (kind) {
            case "models", "environments" -> {
                if (s.length == 2 && m.equals("GET")) {
                    return found("/" + s[0] + "/" + s[1]);
                }
                if (s.length == 3 && m.equals("GET")) {
                    return list(call, "/" + s[0] + "/" + s[1] + "/versions");
                }
                if (s.length == 4 && m.equals("GET")) {
                    return found(rel);
                }
                if (s.length == 4 && m.equals("PUT")) {
                    return putVersion(call, kind, s[1], s[3]);
                }
            }
            case "datastores" -> {
                return datastores(call, s);
            }
            case "computes" -> {
                if (s.length == 2 && m.equals("GET")) {
                    return found(rel);
                }
            }
            case "onlineendpoints" -> {
                return endpoints(call, rel, s);
            }
            default -> {}
        }
        return FakeResponse.error(404, "ResourceNotFound", "The fake has no resource at " + call.path());
    }

    private FakeResponse endpoints(FakeArmCall call, String rel, String[] s) {
        String m = call.method();
        if (s.length == 1) {
            return m.equals("GET") ? list(call, "/onlineEndpoints") : notAllowed(call);
        }
        String ep = s[1];
        if (s.length == 2) {
            return switch (m) {
                case "GET" -> found(rel);
                case "PUT" -> putEndpoint(call, ep);
                case "DELETE" -> deleteEndpoint(ep);
                default -> notAllowed(call);
            };
        }
        if (!hasEndpoint(ep)) {
            return FakeResponse.error(404, "ResourceNotFound", "Online endpoint '" + ep + "' was not found.");
        }
        if (s.length == 3 && s[2].equalsIgnoreCase("listKeys") && m.equals("POST")) {
            String[] k = keys.get(ep);
            return FakeResponse.json(200, "{\"primaryKey\":\"" + k[0] + "\",\"secondaryKey\":\"" + k[1] + "\"}");
        }
        if (s.length == 3 && s[2].equalsIgnoreCase("deployments") && m.equals("GET")) {
            return list(call, "/onlineEndpoints/" + ep + "/deployments");
        }
        if (s.length == 4 && s[2].equalsIgnoreCase("deployments")) {
            return switch (m) {
                case "GET" -> found(rel);
                case "PUT" -> putDeployment(call, ep, s[3]);
                case "DELETE" -> deleteDeployment(ep, s[3]);
                default -> notAllowed(call);
            };
        }
        if (s.length == 5 && s[4].equalsIgnoreCase("getLogs") && m.equals("POST")) {
            return getLogs(call, ep, s[3]);
        }
        return FakeResponse.error(404, "ResourceNotFound", "The fake has no resource at " + call.path());
    }

    /** {@code workspaceblobstore}: the fake Blob service's container, signed with its account key. */
    static ObjectNode workspaceBlobStore(String workspaceId, boolean isDefault) {
        ObjectNode ds = FakeArm.JSON.createObjectNode();
        ds.put("id", workspaceId + "/datastores/" + DEFAULT_DATASTORE).put("name", DEFAULT_DATASTORE);
        ObjectNode p = ds.putObject("properties");
        p.put("datastoreType", "AzureBlob").put("isDefault", isDefault).put("accountName", FakeBlobs.ACCOUNT);
        p.put("containerName", FakeBlobs.CONTAINER)
                .put("endpoint", "core.windows.net")
                .put("protocol", "https");
        p.putObject("credentials").put("credentialsType", "AccountKey");
        return ds;
    }

    private FakeResponse datastores(FakeArmCall call, String[] s) {
        ObjectNode ds = workspaceBlobStore(id(), true);
        if (s.length == 1 && call.method().equals("GET")) {
            return arm.page(call, List.of(ds));
        }
        if (s.length == 2 && s[1].equals(DEFAULT_DATASTORE) && call.method().equals("GET")) {
            return FakeResponse.json(200, ds.toString());
        }
        if (s.length == 3 && s[2].equals("listSecrets") && call.method().equals("POST")) {
            return FakeResponse.json(
                    200,
                    FakeArm.JSON
                            .createObjectNode()
                            .put("secretsType", "AccountKey")
                            .put("key", arm.blobs.accountKey())
                            .toString());
        }
        return FakeResponse.error(404, "UserError", "no datastore at " + call.path());
    }

    private ObjectNode workspace() {
        ObjectNode ws = FakeArm.JSON.createObjectNode();
        ws.put("id", id()).put("name", name).put("type", "Microsoft.MachineLearningServices/workspaces");
        ws.put("location", location);
        ws.putObject("identity").put("type", "SystemAssigned");
        ws.putObject("sku").put("name", "Basic").put("tier", "Basic");
        ObjectNode p = ws.putObject("properties");
        p.put("friendlyName", name).put("provisioningState", "Succeeded");
        p.put("discoveryUrl", "https://" + location + ".api.azureml.ms/discovery");
        return ws;
    }

    private FakeResponse found(String rel) {
        ObjectNode r = resources.get(FakeArm.key(rel));
        if (r == null) {
            return FakeResponse.error(404, "UserError", "Resource not found: " + rel.substring(1));
        }
        FakeOperation op = pending.get(FakeArm.key(rel));
        if (op != null) {
            arm.advance(op);
            return FakeResponse.json(200, r.toString()).with("Retry-After", arm.retryAfter);
        }
        return FakeResponse.json(200, r.toString());
    }

    private FakeResponse list(FakeArmCall call, String rel) {
        return arm.page(call, children(rel));
    }

    private static FakeResponse notAllowed(FakeArmCall call) {
        return FakeResponse.error(405, "MethodNotAllowed", call.method() + " is not allowed on " + call.path());
    }

    private static FakeResponse badRequest(String message) {
        return FakeResponse.error(400, "UserError", message);
    }

    // -- models and environments ---------------------------------------------------------------------------

    private FakeResponse putVersion(FakeArmCall call, String kind, String asset, String version) {
        JsonNode body = call.json();
        JsonNode p = body.path("properties");
        if (!p.isObject()) {
            return badRequest("properties is required");
        }
        if (!version.matches("[0-9]+")) {
            return badRequest("version must be a positive integer here, got '" + version + "'");
        }
        if (kind.equals("models") && p.path("modelUri").asText("").isEmpty()) {
            return badRequest("ModelVersion.properties.modelUri is required");
        }
        if (kind.equals("environments")
                && p.path("image").asText("").isEmpty()
                && !p.path("build").isObject()) {
            return badRequest("An environment needs an image or a build context");
        }
        String rel = "/" + kind + "/" + asset + "/versions/" + version;
        ObjectNode existing = resources.get(FakeArm.key(rel));
        String content = kind.equals("models") ? "modelUri" : "image";
        if (existing != null && !existing.path("properties").path(content).equals(p.path(content))) {
            return FakeResponse.error(
                    409,
                    "UserError",
                    "Version " + version + " of " + asset + " exists with another " + content
                            + "; versions are immutable, create a new one");
        }
        ObjectNode stored = body.deepCopy();
        stored.put("id", id() + rel).put("name", version);
        stored.put("type", "Microsoft.MachineLearningServices/workspaces/" + kind + "/versions");
        stored.withObjectProperty("properties").put("provisioningState", "Succeeded");
        resources.put(FakeArm.key(rel), stored);
        ObjectNode container = FakeArm.JSON.createObjectNode();
        container.put("id", id() + "/" + kind + "/" + asset).put("name", asset);
        int latest = children("/" + kind + "/" + asset + "/versions").stream()
                .mapToInt(v -> Integer.parseInt(v.path("name").asText()))
                .max()
                .orElse(0);
        container
                .putObject("properties")
                .put("latestVersion", String.valueOf(latest))
                .put("nextVersion", String.valueOf(latest + 1))
                .put("isArchived", false)
                .put("provisioningState", "Succeeded");
        resources.put(FakeArm.key("/" + kind + "/" + asset), container);
        return FakeResponse.json(existing == null ? 201 : 200, stored.toString());
    }

    // -- endpoints -----------------------------------------------------------------------------------------

    private FakeResponse putEndpoint(FakeArmCall call, String ep) {
        JsonNode body = call.json();
        JsonNode p = body.path("properties");
        if (body.path("location").asText("").isEmpty()) {
            return badRequest("location is required");
        }
        if (!AUTH_MODES.contains(p.path("authMode").asText())) {
            return badRequest("properties.authMode must be one of " + AUTH_MODES);
        }
        String rel = "/onlineEndpoints/" + ep;
        ObjectNode existing = resources.get(FakeArm.key(rel));
        if (existing != null && pending.containsKey(FakeArm.key(rel))) {
            return FakeResponse.error(
                    409, "Conflict", "There is an operation in progress on endpoint " + ep + "; try again later.");
        }
        String compute = p.path("compute").asText("");
        if (!compute.isEmpty() && !resources.containsKey(FakeArm.key(compute.substring(id().length())))) {
            return badRequest("Compute '" + compute + "' was not found in the workspace");
        }
        if (existing != null
                && !compute.equals(existing.path("properties").path("compute").asText(""))) {
            return badRequest("The compute of an existing endpoint cannot be changed");
        }
        String invalid = invalidTraffic(ep, p.path("traffic"), p.path("mirrorTraffic"));
        if (invalid != null) {
            return badRequest(invalid);
        }
        ObjectNode stored = existing == null ? FakeArm.JSON.createObjectNode() : existing;
        stored.put("id", id() + rel).put("name", ep);
        stored.put("type", "Microsoft.MachineLearningServices/workspaces/onlineEndpoints");
        stored.put("location", body.path("location").asText());
        stored.put("kind", compute.isEmpty() ? "Managed" : "Kubernetes");
        stored.set("tags", body.path("tags").isObject() ? body.get("tags") : FakeArm.JSON.createObjectNode());
        ObjectNode identity = stored.withObjectProperty("identity");
        identity.put("type", body.path("identity").path("type").asText("SystemAssigned"));
        if (!identity.has("principalId")) {
            identity.put("principalId", UUID.randomUUID().toString()).put("tenantId", FakeArm.TENANT);
        }
        ObjectNode props = ((ObjectNode) p).deepCopy();
        props.set("traffic", p.path("traffic").isObject() ? p.get("traffic") : FakeArm.JSON.createObjectNode());
        if (!p.path("mirrorTraffic").isObject()) {
            props.putObject("mirrorTraffic");
        }
        props.put("scoringUri", arm.endpoint() + "/score/" + ep);
        props.put("swaggerUri", arm.endpoint() + "/score/" + ep + "/swagger.json");
        props.put("provisioningState", existing == null ? "Creating" : "Updating");
        stored.set("properties", props);
        resources.put(FakeArm.key(rel), stored);
        keys.computeIfAbsent(ep, k -> new String[] {"pk-" + UUID.randomUUID(), "sk-" + UUID.randomUUID()});
        FakeOperation op = arm.operation(location, () -> {
            props.put("provisioningState", "Succeeded");
            pending.remove(FakeArm.key(rel));
            return null;
        });
        pending.put(FakeArm.key(rel), op);
        return FakeResponse.json(existing == null ? 201 : 200, stored.toString())
                .with("Azure-AsyncOperation", arm.statusUrl(op))
                .with("x-ms-async-operation-timeout", "PT1H")
                .with("Retry-After", arm.retryAfter);
    }

    private String invalidTraffic(String ep, JsonNode traffic, JsonNode mirror) {
        List<String> known = children("/onlineEndpoints/" + ep + "/deployments").stream()
                .map(d -> d.path("name").asText())
                .toList();
        for (JsonNode map : List.of(traffic, mirror)) {
            if (map.isMissingNode() || map.isNull()) {
                continue;
            }
            if (!map.isObject()) {
                return "traffic must be a map of deployment names to integers";
            }
            int sum = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = map.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().isEmpty()) {
                    return "traffic names a deployment with an empty name";
                }
                if (!known.contains(e.getKey())) {
                    return "traffic names deployment '" + e.getKey() + "', which endpoint " + ep + " does not have";
                }
                if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber()) {
                    return "traffic of '" + e.getKey() + "' must be an integer, got " + e.getValue();
                }
                int v = e.getValue().asInt();
                if (v < 0 || v > 100) {
                    return "traffic of '" + e.getKey() + "' must be between 0 and 100";
                }
                sum += v;
            }
            if (map == traffic && sum != 0 && sum != 100) {
                return "The sum of traffic must be 100 (or 0), got " + sum;
            }
            if (map == mirror && sum > 50) {
                return "mirror traffic must not exceed 50 in total, got " + sum;
            }
        }
        return null;
    }

    private FakeResponse deleteEndpoint(String ep) {
        String rel = "/onlineEndpoints/" + ep;
        if (!hasEndpoint(ep)) {
            return FakeResponse.empty(204);
        }
        FakeOperation op = arm.operation(location, () -> {
            resources.keySet().removeIf(k -> k.equals(FakeArm.key(rel)) || k.startsWith(FakeArm.key(rel) + "/"));
            keys.remove(ep);
            return null;
        });
        return FakeResponse.empty(202).with("Location", arm.resultUrl(op)).with("Retry-After", arm.retryAfter);
    }

    // -- deployments ---------------------------------------------------------------------------------------

    private FakeResponse putDeployment(FakeArmCall call, String ep, String d) {
        JsonNode body = call.json();
        JsonNode p = body.path("properties");
        ObjectNode endpoint = resources.get(FakeArm.key("/onlineEndpoints/" + ep));
        String rel = "/onlineEndpoints/" + ep + "/deployments/" + d;
        if (pending.containsKey(FakeArm.key(rel)) || pending.containsKey(FakeArm.key("/onlineEndpoints/" + ep))) {
            return FakeResponse.error(409, "Conflict", "There is an operation in progress on " + ep + "/" + d + ".");
        }
        String kind = endpoint.path("kind").asText();
        if (!p.path("endpointComputeType").asText().equals(kind)) {
            return badRequest("endpointComputeType must be " + kind + " for endpoint " + ep + ", got '"
                    + p.path("endpointComputeType").asText() + "'");
        }
        if (body.path("location").asText("").isEmpty()) {
            return badRequest("location is required");
        }
        if (body.path("sku").path("capacity").asInt(0) < 1) {
            return badRequest("sku.capacity must be at least 1");
        }
        if (p.path("instanceType").asText("").isEmpty()) {
            return badRequest("instanceType must not be empty");
        }
        String env = p.path("environmentId").asText("");
        if (!env.startsWith(id() + "/environments/")
                || !resources.containsKey(FakeArm.key(env.substring(id().length())))) {
            return badRequest("environmentId '" + env + "' is not an environment version of this workspace");
        }
        String model = p.path("model").asText("");
        if (!model.isEmpty()
                && (!model.startsWith(id()) || !resources.containsKey(FakeArm.key(model.substring(id().length()))))) {
            return badRequest("model '" + model + "' is not a model version of this workspace");
        }
        if (kind.equals("Kubernetes")) {
            JsonNode req = p.path("containerResourceRequirements").path("containerResourceRequests");
            if (req.path("cpu").asText("").isEmpty()
                    || req.path("memory").asText("").isEmpty()) {
                return badRequest("containerResourceRequests needs cpu and memory");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        p.path("environmentVariables").properties().iterator();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                return badRequest("environmentVariables." + e.getKey() + " must be a string");
            }
        }
        ObjectNode existing = resources.get(FakeArm.key(rel));
        ObjectNode stored = body.deepCopy();
        stored.put("id", id() + rel).put("name", d);
        stored.put("type", "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments");
        stored.put("kind", kind);
        ObjectNode props = stored.withObjectProperty("properties");
        props.put("provisioningState", existing == null ? "Creating" : "Updating");
        resources.put(FakeArm.key(rel), stored);
        FakeOperation op = arm.operation(location, () -> {
            pending.remove(FakeArm.key(rel));
            FakeOperation.Failure failure = failing.get(d);
            props.put("provisioningState", failure == null ? "Succeeded" : "Failed");
            return failure;
        });
        pending.put(FakeArm.key(rel), op);
        return FakeResponse.json(existing == null ? 201 : 200, stored.toString())
                .with("Azure-AsyncOperation", arm.statusUrl(op))
                .with("x-ms-async-operation-timeout", "PT1H")
                .with("Retry-After", arm.retryAfter);
    }

    private FakeResponse deleteDeployment(String ep, String d) {
        String rel = "/onlineEndpoints/" + ep + "/deployments/" + d;
        if (!resources.containsKey(FakeArm.key(rel))) {
            return FakeResponse.empty(204);
        }
        if (traffic(ep).getOrDefault(d, 0) > 0 || mirrorTraffic(ep).getOrDefault(d, 0) > 0) {
            return badRequest("Deployment " + d + " still takes traffic on " + ep + "; set its traffic to 0 first");
        }
        FakeOperation op = arm.operation(location, () -> {
            resources.remove(FakeArm.key(rel));
            return null;
        });
        return FakeResponse.empty(202).with("Location", arm.resultUrl(op)).with("Retry-After", arm.retryAfter);
    }

    private FakeResponse getLogs(FakeArmCall call, String ep, String d) {
        if (!resources.containsKey(FakeArm.key("/onlineEndpoints/" + ep + "/deployments/" + d))) {
            return FakeResponse.error(404, "UserError", "Deployment " + d + " was not found.");
        }
        String container = call.json().path("containerType").asText("InferenceServer");
        int tail = call.json().path("tail").asInt(Integer.MAX_VALUE);
        String all = logs.getOrDefault(
                d, "2026-12-02 10:00:00 " + container + " starting\n2026-12-02 10:00:01 listening on 8080\n");
        List<String> lines = all.lines().toList();
        String content = String.join("\n", lines.subList(Math.max(0, lines.size() - tail), lines.size()));
        return FakeResponse.json(
                200, FakeArm.JSON.createObjectNode().put("content", content).toString());
    }

    // -- scoring -------------------------------------------------------------------------------------------

    FakeResponse score(String ep, FakeArmCall call) {
        String target;
        Scorer scorer;
        synchronized (arm) {
            String auth = call.header("authorization");
            String[] k = keys.get(ep);
            if (k == null) {
                return FakeResponse.json(404, "{\"message\":\"no such endpoint\"}");
            }
            if (auth == null || !(auth.equals("Bearer " + k[0]) || auth.equals("Bearer " + k[1]))) {
                return FakeResponse.json(401, "{\"message\":\"Key or token is invalid\"}");
            }
            target = call.header("azureml-model-deployment");
            if (target == null) {
                target = traffic(ep).entrySet().stream()
                        .filter(e -> e.getValue() > 0)
                        .max(Map.Entry.comparingByValue())
                        .map(Map.Entry::getKey)
                        .orElse(null);
            }
            ObjectNode dep = target == null
                    ? null
                    : resources.get(FakeArm.key("/onlineEndpoints/" + ep + "/deployments/" + target));
            if (dep == null
                    || !dep.path("properties")
                            .path("provisioningState")
                            .asText()
                            .equals("Succeeded")) {
                return FakeResponse.json(404, "{\"message\":\"No valid deployments to route to\"}");
            }
            scorer = scorers.getOrDefault(
                    target,
                    (d, body) -> new Answer(
                            200,
                            FakeArm.JSON
                                    .createObjectNode()
                                    .put("deployment", d)
                                    .put("request", body)
                                    .toString()));
        }
        Answer a = scorer.score(target, call.body(), call.header("authorization"));
        return FakeResponse.json(a.status(), a.body()).with("azureml-model-deployment", target);
    }
}
