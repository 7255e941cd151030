package dev.llmops.testing.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A fake Azure Resource Manager for tests, speaking the real protocol over HTTPS on a loopback port: an OAuth2
 * client-credentials token endpoint (what azure-identity's {@code DefaultAzureCredential} calls with
 * {@code AZURE_AUTHORITY_HOST} pointing here), bearer-token checks on every ARM call, {@code api-version} checks,
 * ARM error bodies, long-running operations ({@code 201} + {@code Azure-AsyncOperation}, {@code 202} +
 * {@code Location}, {@code Retry-After}), paging ({@code nextLink}), and the Azure ML workspace resources of
 * api-version 2024-10-01 ({@link FakeMlWorkspace}): models, environments, online endpoints and deployments,
 * {@code listKeys}, {@code getLogs}, and each endpoint's scoring URI.
 *
 * <p>Other resource types (web apps, storage, role assignments) are kept by a generic store: PUT keeps the body
 * (plus {@code id}, {@code name}, {@code provisioningState}), GET returns it, DELETE removes it, a collection GET
 * lists the children. State is kept for assertions; every request is recorded in {@link #calls()}.
 *
 * <pre>{@code
 * try (FakeArm arm = FakeArm.start()) {
 *     // run the code under test with arm.environment() (tenant, client, secret, authority host, ARM endpoint,
 *     // SUBSCRIPTION_ID, RESOURCE_GROUP_NAME, WORKSPACE_NAME), then assert on arm.writes(), arm.traffic("ep")
 * }
 * }</pre>
 */
public final class FakeArm implements AutoCloseable {

    public static final String TENANT = "72f988bf-0000-4000-8000-00000000cafe";
    public static final String CLIENT_ID = "11111111-2222-4333-8444-555555555555";
    public static final String CLIENT_SECRET = "fake-arm-client-secret-value";
    public static final String SUBSCRIPTION = "00000000-1111-4222-8333-444444444444";
    public static final String RESOURCE_GROUP = "rg-llmops";
    public static final String WORKSPACE = "ws-llmops";
    public static final String LOCATION = "westeurope";
    public static final String ML_API_VERSION = "2024-10-01";

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<FakeArmCall> calls = new CopyOnWriteArrayList<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Map<String, ObjectNode> generic = new LinkedHashMap<>();
    private final Map<String, FakeMlWorkspace> workspaces = new LinkedHashMap<>();
    final FakeBlobs blobs = new FakeBlobs();
    private final FakeDataAssets dataAssets = new FakeDataAssets(this);
    final Map<String, FakeOperation> operations = new LinkedHashMap<>();
    volatile int pollsPerOperation = 2;
    volatile String retryAfter = "0";
    volatile boolean held;
    volatile int pageSize = 1;
    private final List<Function<FakeArmCall, Optional<FakeResponse>>> providers = new CopyOnWriteArrayList<>();
    private List<String> actions = List.of("*");
    private List<String> notActions = List.of();

    private FakeArm(HttpsServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        workspace(SUBSCRIPTION, RESOURCE_GROUP, WORKSPACE, LOCATION);
    }

    /** Starts on a free loopback port, with the default workspace ({@link #SUBSCRIPTION}, ...) in place. */
    public static FakeArm start() {
        try {
            HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.setHttpsConfigurator(new HttpsConfigurator(TestCertificate.serverContext()));
            return new FakeArm(s);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake ARM", e);
        }
    }

    /** {@code https://127.0.0.1:<port>}: the Resource Manager endpoint, the authority host and the scoring host. */
    public URI endpoint() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The variables that point azure-identity and llmops at this fake, and name the default workspace. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AZURE_TENANT_ID", TENANT);
        env.put("AZURE_CLIENT_ID", CLIENT_ID);
        env.put("AZURE_CLIENT_SECRET", CLIENT_SECRET);
        env.put("AZURE_AUTHORITY_HOST", endpoint().toString());
        env.put("LLMOPS_ARM_ENDPOINT", endpoint().toString());
        env.put("LLMOPS_BLOB_ENDPOINT", endpoint() + "/" + FakeBlobs.ACCOUNT);
        env.put("SUBSCRIPTION_ID", SUBSCRIPTION);
        env.put("RESOURCE_GROUP_NAME", RESOURCE_GROUP);
        env.put("WORKSPACE_NAME", WORKSPACE);
        return env;
    }

    // -- set-up --------------------------------------------------------------------------------------------

    /** Adds (or returns) a workspace. */
    public synchronized FakeMlWorkspace workspace(String subscription, String group, String name, String location) {
        return workspaces.computeIfAbsent(
                key(FakeMlWorkspace.id(subscription, group, name)),
                k -> new FakeMlWorkspace(this, subscription, group, name, location));
    }

    /** The default workspace. */
    public synchronized FakeMlWorkspace ml() {
        return workspaces.get(key(FakeMlWorkspace.id(SUBSCRIPTION, RESOURCE_GROUP, WORKSPACE)));
    }

    /** How many polls a long-running operation answers {@code InProgress} before it ends (default 2). */
    public FakeArm pollsPerOperation(int polls) {
        this.pollsPerOperation = polls;
        return this;
    }

    /** The {@code Retry-After} sent with operations and throttles (default {@code "0"}, so tests do not wait). */
    public FakeArm retryAfter(String value) {
        this.retryAfter = value;
        return this;
    }

    /** Elements per page of every list (default 1, so paging is always exercised). */
    public FakeArm pageSize(int size) {
        this.pageSize = size;
        return this;
    }

    /** Operations stay {@code InProgress} until {@link #release}, as when a service is slow. */
    public FakeArm hold() {
        this.held = true;
        return this;
    }

    public synchronized FakeArm release() {
        this.held = false;
        return this;
    }

    /**
     * What {@code GET <scope>/providers/Microsoft.Authorization/permissions} (api-version 2022-04-01) answers for
     * the signed-in identity on every scope, as a role's {@code actions} and {@code notActions} with {@code *}
     * wildcards; by default {@code ["*"]} (Owner or Contributor).
     */
    public synchronized FakeArm permissions(List<String> allowed, List<String> excluded) {
        actions = List.copyOf(allowed);
        notActions = List.copyOf(excluded);
        return this;
    }

    /**
     * The next {@code times} requests whose method is {@code method} and whose path contains {@code pathPart}
     * are answered with {@code status} and an ARM error body (and {@code Retry-After} on 429).
     */
    public synchronized FakeArm fail(
            String method, String pathPart, int times, int status, String code, String message) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(method, pathPart, status, code, message));
        }
        return this;
    }

    // -- what happened -------------------------------------------------------------------------------------

    /** Every request, in arrival order. */
    public List<FakeArmCall> calls() {
        return List.copyOf(calls);
    }

    /** The requests that changed something, in order. */
    public List<FakeArmCall> writes() {
        return calls.stream().filter(FakeArmCall::isWrite).toList();
    }

    /** Requests matching a predicate. */
    public List<FakeArmCall> calls(Predicate<FakeArmCall> which) {
        return calls.stream().filter(which).toList();
    }

    /** Data assets and extra datastores set up by a test (default workspace), answered before the workspace's own. */
    public FakeDataAssets dataAssets() {
        return dataAssets;
    }

    /** The blobs uploaded to the default datastore: {@code <container>/<path>} → content. */
    public Map<String, byte[]> blobs() {
        return blobs.blobs();
    }

    /** A resource of the generic store (types the fake has no model of). */
    public synchronized Optional<JsonNode> resource(String path) {
        return Optional.ofNullable(generic.get(key(path)));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // -- serving -------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        String body = new String(raw, StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String query =
                Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.getFirst()));
        FakeResponse response;
        try {
            FakeArmCall call = new FakeArmCall(method, path, query, headers, body, 0);
            response = path.startsWith("/score/")
                    ? scoreRoute(call)
                    : path.startsWith("/" + FakeBlobs.ACCOUNT + "/") ? blobs.handle(call, raw) : route(call);
        } catch (RuntimeException e) {
            response = FakeResponse.error(500, "InternalServerError", "the fake failed: " + e);
        }
        calls.add(new FakeArmCall(method, path, query, headers, body, response.status()));
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        if (!response.body().isEmpty()) {
            exchange.getResponseHeaders().add("Content-Type", response.contentType());
        }
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    private synchronized FakeResponse route(FakeArmCall call) {
        String lower = call.path().toLowerCase(Locale.ROOT);
        if (lower.endsWith("/oauth2/v2.0/token")) {
            return token(call);
        }
        if (lower.contains("/.well-known/openid-configuration")) {
            return openIdConfiguration(call);
        }
        Optional<FakeResponse> fault = fault(call);
        if (fault.isPresent()) {
            return fault.get();
        }
        String auth = call.header("authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
            return FakeResponse.error(
                            401,
                            auth == null ? "AuthenticationFailed" : "InvalidAuthenticationToken",
                            auth == null
                                    ? "Authentication failed. The 'Authorization' header is missing."
                                    : "The access token is invalid.")
                    .with("WWW-Authenticate", "Bearer authorization_uri=\"" + endpoint() + "/" + TENANT + "\"");
        }
        String apiVersion = call.params().get("api-version");
        if (apiVersion == null) {
            return FakeResponse.error(
                    400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required.");
        }
        if (lower.contains("/mfeoperationsstatus/") || lower.contains("/mfeoperationresults/")) {
            return operation(call, lower);
        }
        if (lower.endsWith("/providers/microsoft.authorization/permissions")
                && call.method().equals("GET")) {
            return permissions(apiVersion);
        }
        for (FakeMlWorkspace ws : workspaces.values()) {
            String prefix = key(ws.id());
            if (lower.equals(prefix) || lower.startsWith(prefix + "/")) {
                if (!apiVersion.equals(ML_API_VERSION)) {
                    return FakeResponse.error(
                            400,
                            "InvalidApiVersionParameter",
                            "The api-version '" + apiVersion + "' is invalid; the fake speaks " + ML_API_VERSION + ".");
                }
                String rel = call.path().substring(ws.id().length());
                Optional<FakeResponse> asset = dataAssets.route(call, ws.id(), rel);
                return asset.isPresent() ? asset.get() : ws.route(call, rel);
            }
        }
        if (lower.contains("/providers/microsoft.machinelearningservices/workspaces/")) {
            return FakeResponse.error(404, "ResourceNotFound", "The workspace was not found: " + call.path());
        }
        for (Function<FakeArmCall, Optional<FakeResponse>> provider : providers) {
            Optional<FakeResponse> answer = provider.apply(call);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        return genericRoute(call);
    }

    /** Adds resource types served before the generic store (e.g. {@link FakeWebApps}). */
    void provider(Function<FakeArmCall, Optional<FakeResponse>> provider) {
        providers.add(provider);
    }

    private FakeResponse permissions(String apiVersion) {
        if (!apiVersion.equals("2022-04-01")) {
            return FakeResponse.error(
                    400, "InvalidApiVersionParameter", "The api-version '" + apiVersion + "' is invalid.");
        }
        ObjectNode body = JSON.createObjectNode();
        ObjectNode p = body.putArray("value").addObject();
        actions.forEach(p.putArray("actions")::add);
        notActions.forEach(p.putArray("notActions")::add);
        p.putArray("dataActions");
        p.putArray("notDataActions");
        return FakeResponse.json(200, body.toString());
    }

    private FakeResponse token(FakeArmCall call) {
        Map<String, String> form = FakeArmCall.decode(call.body());
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            return FakeResponse.json(
                    401,
                    "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret"
                            + " provided.\"}");
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return FakeResponse.json(400, "{\"error\":\"unsupported_grant_type\"}");
        }
        String token = "fake-arm-token-" + UUID.randomUUID();
        tokens.add(token);
        return FakeResponse.json(
                200,
                "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"" + token
                        + "\"}");
    }

    private FakeResponse openIdConfiguration(FakeArmCall call) {
        String base = endpoint() + "/" + TENANT;
        return FakeResponse.json(
                200,
                "{\"token_endpoint\":\"" + base + "/oauth2/v2.0/token\",\"issuer\":\"" + base + "/v2.0\","
                        + "\"authorization_endpoint\":\"" + base + "/oauth2/v2.0/authorize\"}");
    }

    private FakeResponse scoreRoute(FakeArmCall call) {
        String endpointName = call.path().substring("/score/".length());
        List<FakeMlWorkspace> all;
        synchronized (this) {
            all = List.copyOf(workspaces.values());
        }
        for (FakeMlWorkspace ws : all) {
            if (ws.hasEndpoint(endpointName)) {
                return ws.score(endpointName, call);
            }
        }
        return FakeResponse.json(404, "{\"message\":\"no such endpoint\"}");
    }

    private Optional<FakeResponse> fault(FakeArmCall call) {
        for (var it = faults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (f.method().equalsIgnoreCase(call.method()) && call.path().contains(f.pathPart())) {
                it.remove();
                FakeResponse r = FakeResponse.error(f.status(), f.code(), f.message());
                return Optional.of(f.status() == 429 ? r.with("Retry-After", retryAfter) : r);
            }
        }
        return Optional.empty();
    }

    // -- long-running operations ---------------------------------------------------------------------------

    /** Starts an operation; {@code completion} runs when it ends and says whether it failed (null: it succeeded). */
    FakeOperation operation(String location, FakeOperation.Completion completion) {
        FakeOperation op = new FakeOperation(UUID.randomUUID().toString(), location, pollsPerOperation, completion);
        operations.put(op.id(), op);
        return op;
    }

    String statusUrl(FakeOperation op) {
        return endpoint() + "/subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.MachineLearningServices/locations/"
                + op.location() + "/mfeOperationsStatus/" + op.id() + "?api-version=" + ML_API_VERSION;
    }

    String resultUrl(FakeOperation op) {
        return endpoint() + "/subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.MachineLearningServices/locations/"
                + op.location() + "/mfeOperationResults/" + op.id() + "?api-version=" + ML_API_VERSION;
    }

    /** Advances an operation by one poll (unless held). */
    void advance(FakeOperation op) {
        if (!held) {
            op.advance();
        }
    }

    private FakeResponse operation(FakeArmCall call, String lower) {
        String id = call.path().substring(call.path().lastIndexOf('/') + 1);
        FakeOperation op = operations.get(id);
        if (op == null) {
            return FakeResponse.error(404, "NotFound", "no operation " + id);
        }
        advance(op);
        if (lower.contains("/mfeoperationresults/")) {
            return op.isDone()
                    ? FakeResponse.empty(op.error() == null ? 200 : 500)
                    : FakeResponse.empty(202).with("Location", resultUrl(op)).with("Retry-After", retryAfter);
        }
        ObjectNode status =
                JSON.createObjectNode().put("id", id).put("name", id).put("status", op.status());
        if (op.error() != null) {
            status.putObject("error")
                    .put("code", op.error().code())
                    .put("message", op.error().message());
        }
        FakeResponse r = FakeResponse.json(200, status.toString());
        return op.isDone() ? r : r.with("Retry-After", retryAfter);
    }

    // -- the generic store ---------------------------------------------------------------------------------

    private FakeResponse genericRoute(FakeArmCall call) {
        String k = key(call.path());
        switch (call.method()) {
            case "PUT" -> {
                JsonNode body = call.json();
                if (!body.isObject()) {
                    return FakeResponse.error(400, "InvalidRequestContent", "The request content was invalid.");
                }
                ObjectNode stored = ((ObjectNode) body).deepCopy();
                stored.put("id", call.path());
                stored.put("name", call.path().substring(call.path().lastIndexOf('/') + 1));
                stored.withObjectProperty("properties").put("provisioningState", "Succeeded");
                boolean existed = generic.containsKey(k);
                generic.put(k, stored);
                return FakeResponse.json(existed ? 200 : 201, stored.toString());
            }
            case "GET" -> {
                ObjectNode found = generic.get(k);
                if (found != null) {
                    return FakeResponse.json(200, found.toString());
                }
                List<JsonNode> children = generic.entrySet().stream()
                        .filter(e ->
                                e.getKey().startsWith(k + "/") && e.getKey().indexOf('/', k.length() + 1) < 0)
                        .map(e -> (JsonNode) e.getValue())
                        .toList();
                if (children.isEmpty()) {
                    return FakeResponse.error(
                            404, "ResourceNotFound", "The resource '" + call.path() + "' was not found.");
                }
                return page(call, children);
            }
            case "DELETE" -> {
                return FakeResponse.empty(generic.remove(k) == null ? 204 : 200);
            }
            default -> {
                return FakeResponse.error(405, "MethodNotAllowed", call.method() + " is not supported here");
            }
        }
    }

    /** One page of a list, with {@code nextLink} when more follow ({@code $skipToken} = offset). */
    FakeResponse page(FakeArmCall call, List<? extends JsonNode> all) {
        int from = Integer.parseInt(call.params().getOrDefault("$skipToken", "0"));
        int to = Math.min(all.size(), from + pageSize);
        ObjectNode body = JSON.createObjectNode();
        var value = body.putArray("value");
        all.subList(from, to).forEach(value::add);
        if (to < all.size()) {
            body.put(
                    "nextLink",
                    endpoint() + call.path() + "?api-version=" + call.params().get("api-version") + "&$skipToken="
                            + to);
        }
        return FakeResponse.json(200, body.toString());
    }

    static String key(String path) {
        return path.toLowerCase(Locale.ROOT);
    }

    private record Fault(String method, String pathPart, int status, String code, String message) {}
}
