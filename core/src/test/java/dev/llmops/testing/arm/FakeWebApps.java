package dev.llmops.testing.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource providers a web-app deployment uses, added to a {@link FakeArm}: resource groups
 * ({@code 2021-04-01}), container registries ({@code Microsoft.ContainerRegistry}, {@code 2023-07-01}),
 * user-assigned identities ({@code Microsoft.ManagedIdentity}, {@code 2023-01-31}), role assignments
 * ({@code Microsoft.Authorization}, {@code 2022-04-01}) and App Service ({@code Microsoft.Web}, {@code 2023-12-01}):
 * plans, sites, slots, {@code config/web}, {@code config/appsettings} (+ {@code /list}), {@code slotsswap} (a
 * long-running operation), {@code containerlogs}. Each site and slot has a real HTTPS front end
 * ({@link FakeSite}) whose container is started by the test's {@link Containers}, so health checks and smoke tests
 * reach a real server.
 */
public final class FakeWebApps implements AutoCloseable {

    public static final String RESOURCES_API = "2021-04-01";
    public static final String REGISTRY_API = "2023-07-01";
    public static final String MSI_API = "2023-01-31";
    public static final String AUTHORIZATION_API = "2022-04-01";
    public static final String WEB_API = "2023-12-01";
    public static final String ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

    /** Starts an image as a container with the app settings as its environment (what App Service does). */
    @FunctionalInterface
    public interface Containers {
        Container start(String image, Map<String, String> environment) throws Exception;
    }

    /** A running container. */
    public interface Container extends AutoCloseable {
        /** Where it listens, e.g. {@code http://127.0.0.1:41234}. */
        URI url();

        /** What it printed so far. */
        String logs();

        @Override
        void close();
    }

    private static final Pattern GROUP = Pattern.compile("/subscriptions/([^/]+)/resourcegroups/([^/]+)");
    private static final Pattern PROVIDER =
            Pattern.compile("/subscriptions/([^/]+)/resourcegroups/([^/]+)/providers/([^/]+)/([^/]+)/([^/]+)(/.*)?");
    private static final Pattern ROLE =
            Pattern.compile("(.+)/providers/microsoft\\.authorization/roleassignments/([^/]+)");
    private static final Pattern OPERATION =
            Pattern.compile("/subscriptions/[^/]+/providers/microsoft\\.web/locations/[^/]+/operationresults/([^/]+)");

    private final FakeArm arm;
    private final Containers containers;
    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    private final Map<String, ObjectNode> registries = new LinkedHashMap<>();
    private final Map<String, ObjectNode> identities = new LinkedHashMap<>();
    private final Map<String, ObjectNode> roles = new LinkedHashMap<>();
    private final Map<String, ObjectNode> plans = new LinkedHashMap<>();
    private final Map<String, FakeSite> sites = new LinkedHashMap<>();
    private final Map<String, FakeOperation> swaps = new LinkedHashMap<>();

    private FakeWebApps(FakeArm arm, Containers containers) {
        this.arm = arm;
        this.containers = containers;
    }

    /** Adds the providers to {@code arm}; containers are started with {@code containers}. */
    public static FakeWebApps install(FakeArm arm, Containers containers) {
        FakeWebApps web = new FakeWebApps(arm, containers);
        arm.provider(web::route);
        return web;
    }

    // -- set-up ---------------------------------------------------------------------------------------------

    public synchronized FakeWebApps resourceGroup(String name, String location) {
        String id = "/subscriptions/" + FakeArm.SUBSCRIPTION + "/resourceGroups/" + name;
        groups.put(
                FakeArm.key(id),
                FakeArm.JSON.createObjectNode().put("id", id).put("name", name).put("location", location));
        return this;
    }

    /** A registry whose login server is {@code <name>.azurecr.io}. */
    public synchronized FakeWebApps registry(String group, String name, String location) {
        resourceGroup(group, location);
        String id = "/subscriptions/" + FakeArm.SUBSCRIPTION + "/resourceGroups/" + group
                + "/providers/Microsoft.ContainerRegistry/registries/" + name;
        ObjectNode r =
                FakeArm.JSON.createObjectNode().put("id", id).put("name", name).put("location", location);
        r.putObject("sku").put("name", "Basic");
        r.putObject("properties")
                .put("loginServer", name.toLowerCase(Locale.ROOT) + ".azurecr.io")
                .put("adminUserEnabled", false)
                .put("provisioningState", "Succeeded");
        registries.put(FakeArm.key(id), r);
        return this;
    }

    // -- what happened --------------------------------------------------------------------------------------

    /** The image a site ({@code slot} null) or slot runs, empty when it does not exist. */
    public synchronized Optional<String> image(String app, String slot) {
        return site(app, slot).map(FakeSite::image);
    }

    /** The app settings of a site or slot. */
    public synchronized Map<String, String> settings(String app, String slot) {
        return site(app, slot).map(s -> Map.copyOf(s.settings)).orElse(Map.of());
    }

    /** The site configuration ({@code config/web}) of a site or slot. */
    public synchronized Optional<JsonNode> siteConfig(String app, String slot) {
        return site(app, slot).map(s -> s.siteConfig.deepCopy());
    }

    /** The site or slot resource as Resource Manager returns it. */
    public synchronized Optional<JsonNode> resource(String app, String slot) {
        return site(app, slot).map(s -> s.resource.deepCopy());
    }

    /** How many containers a site or slot has started. */
    public synchronized int starts(String app, String slot) {
        return site(app, slot).map(FakeSite::starts).orElse(0);
    }

    /** Every role assignment: {@code scope}, {@code principalId}, {@code roleDefinitionId}. */
    public synchronized List<JsonNode> roleAssignments() {
        return roles.values().stream()
                .<JsonNode>map(r -> r.path("properties").deepCopy())
                .toList();
    }

    public synchronized Optional<JsonNode> identity(String group, String name) {
        return Optional.ofNullable(identities.get(
                        FakeArm.key(providerId(group, "Microsoft.ManagedIdentity", "userAssignedIdentities", name))))
                .map(JsonNode::deepCopy);
    }

    public synchronized Optional<JsonNode> plan(String group, String name) {
        return Optional.ofNullable(plans.get(FakeArm.key(providerId(group, "Microsoft.Web", "serverfarms", name))))
                .map(JsonNode::deepCopy);
    }

    public synchronized Optional<JsonNode> group(String name) {
        return Optional.ofNullable(
                        groups.get(FakeArm.key("/subscriptions/" + FakeArm.SUBSCRIPTION + "/resourceGroups/" + name)))
                .map(JsonNode::deepCopy);
    }

    private Optional<FakeSite> site(String app, String slot) {
        return sites.values().stream()
                .filter(s -> s.app.equalsIgnoreCase(app) && java.util.Objects.equals(s.slot, slot))
                .findFirst();
    }

    private static String providerId(String group, String namespace, String type, String name) {
        return "/subscriptions/" + FakeArm.SUBSCRIPTION + "/resourceGroups/" + group + "/providers/" + namespace + "/"
                + type + "/" + name;
    }

    @Override
    public synchronized void close() {
        sites.values().forEach(FakeSite::close);
        sites.clear();
    }

    // -- routing --------------------------------------------------------------------------------------------

    synchronized Optional<FakeResponse> route(FakeArmCall call) {
        String lower = FakeArm.key(call.path());
        String api = call.params().get("api-version");
        Matcher op = OPERATION.matcher(lower);
        if (op.matches()) {
            return Optional.of(swapResult(op.group(1)));
        }
        Matcher role = ROLE.matcher(lower);
        if (role.matches()) {
            return Optional.of(version(api, AUTHORIZATION_API).orElseGet(() -> role(call, role.group(1))));
        }
        Matcher g = GROUP.matcher(lower);
        if (g.matches()) {
            return Optional.of(version(api, RESOURCES_API).orElseGet(() -> group(call, lower)));
        }
        Matcher p = PROVIDER.matcher(lower);
        if (!p.matches()) {
            return Optional.empty();
        }
        String groupKey = "/subscriptions/" + p.group(1) + "/resourcegroups/" + p.group(2);
        String id = lower.substring(
                0, lower.length() - (p.group(6) == null ? 0 : p.group(6).length()));
        String type = p.group(3) + "/" + p.group(4);
        return switch (type) {
            case "microsoft.containerregistry/registries" ->
                Optional.of(version(api, REGISTRY_API).orElseGet(() -> Optional.ofNullable(registries.get(id))
                        .filter(r -> call.method().equals("GET") && p.group(6) == null)
                        .map(r -> FakeResponse.json(200, r.toString()))
                        .orElse(notFound("Microsoft.ContainerRegistry/registries", call))));
            case "microsoft.managedidentity/userassignedidentities" ->
                Optional.of(version(api, MSI_API).orElseGet(() -> identity(call, id, groupKey, p.group(5))));
            case "microsoft.web/serverfarms" ->
                Optional.of(version(api, WEB_API).orElseGet(() -> plan(call, id, groupKey, p.group(5))));
            case "microsoft.web/sites" ->
                Optional.of(version(api, WEB_API)
                        .orElseGet(() -> FakeWebSites.route(this, call, id, groupKey, p.group(5), p.group(6))));
            default -> Optional.empty();
        };
    }

    private static Optional<FakeResponse> version(String api, String expected) {
        return expected.equals(api)
                ? Optional.empty()
                : Optional.of(FakeResponse.error(
                        400,
                        "InvalidApiVersionParameter",
                        "The api-version '" + api + "' is invalid; the fake speaks " + expected + " here."));
    }

    static FakeResponse notFound(String type, FakeArmCall call) {
        return FakeResponse.error(
                404, "ResourceNotFound", "The Resource '" + type + "' under '" + call.path() + "' was not found.");
    }

    private FakeResponse group(FakeArmCall call, String key) {
        switch (call.method()) {
            case "GET" -> {
                ObjectNode g = groups.get(key);
                return g == null
                        ? FakeResponse.error(
                                404,
                                "ResourceGroupNotFound",
                                "Resource group '" + tail(call.path()) + "' could not be found.")
                        : FakeResponse.json(200, g.toString());
            }
            case "PUT" -> {
                String location = call.json().path("location").asText("");
                if (location.isEmpty()) {
                    return FakeResponse.error(400, "LocationRequired", "The location property is required.");
                }
                ObjectNode existing = groups.get(key);
                if (existing != null && !existing.path("location").asText().equals(location)) {
                    return FakeResponse.error(
                            409,
                            "InvalidResourceGroupLocation",
                            "Invalid resource group location '" + location + "'. The Resource group already exists"
                                    + " in location '"
                                    + existing.path("location").asText() + "'.");
                }
                ObjectNode g = FakeArm.JSON
                        .createObjectNode()
                        .put("id", call.path())
                        .put("name", tail(call.path()))
                        .put("location", location);
                g.putObject("properties").put("provisioningState", "Succeeded");
                groups.put(key, g);
                return FakeResponse.json(existing == null ? 201 : 200, g.toString());
            }
            default -> {
                return FakeResponse.error(405, "MethodNotAllowed", call.method() + " is not supported here");
            }
        }
    }

    boolean groupExists(String groupKey) {
        return groups.containsKey(groupKey);
    }

    static FakeResponse noGroup(String groupKey) {
        return FakeResponse.error(
                404, "ResourceGroupNotFound", "Resource group '" + tail(groupKey) + "' could not be found.");
    }

    private FakeResponse identity(FakeArmCall call, String id, String groupKey, String name) {
        if (!groupExists(groupKey)) {
            return noGroup(groupKey);
        }
        ObjectNode existing = identities.get(id);
        switch (call.method()) {
            case "GET" -> {
                return existing == null
                        ? notFound("Microsoft.ManagedIdentity/userAssignedIdentities", call)
                        : FakeResponse.json(200, existing.toString());
            }
            case "PUT" -> {
                ObjectNode body =
                        call.json().isObject() ? (ObjectNode) call.json().deepCopy() : null;
                if (body == null || body.path("location").asText("").isEmpty()) {
                    return FakeResponse.error(400, "LocationRequired", "The location property is required.");
                }
                ObjectNode stored = body.put("id", call.path())
                        .put("name", call.path().substring(call.path().lastIndexOf('/') + 1));
                stored.put("type", "Microsoft.ManagedIdentity/userAssignedIdentities");
                stored.putObject("properties")
                        .put("tenantId", FakeArm.TENANT)
                        .put(
                                "principalId",
                                existing == null
                                        ? UUID.randomUUID().toString()
                                        : existing.path("properties")
                                                .path("principalId")
                                                .asText())
                        .put(
                                "clientId",
                                existing == null
                                        ? UUID.randomUUID().toString()
                                        : existing.path("properties")
                                                .path("clientId")
                                                .asText());
                identities.put(id, stored);
                return FakeResponse.json(existing == null ? 201 : 200, stored.toString());
            }
            default -> {
                return FakeResponse.error(405, "MethodNotAllowed", call.method() + " is not supported here");
            }
        }
    }

    private FakeResponse role(FakeArmCall call, String scope) {
        String key = FakeArm.key(call.path());
        if (!call.method().equals("PUT")) {
            ObjectNode r = roles.get(key);
            return r == null
                    ? notFound("Microsoft.Authorization/roleAssignments", call)
                    : FakeResponse.json(200, r.toString());
        }
        JsonNode p = call.json().path("properties");
        String roleId = p.path("roleDefinitionId").asText("");
        String principal = p.path("principalId").asText("");
        if (!roleId.matches(
                "(?i)/subscriptions/[^/]+/providers/Microsoft\\.Authorization/roleDefinitions/[0-9a-f-]{36}")) {
            return FakeResponse.error(
                    400, "InvalidRoleDefinitionId", "The role definition ID '" + roleId + "' is not valid.");
        }
        if (identities.values().stream()
                .noneMatch(
                        i -> i.path("properties").path("principalId").asText().equals(principal))) {
            return FakeResponse.error(
                    400,
                    "PrincipalNotFound",
                    "Principal " + principal.replace("-", "") + " does not exist in the directory " + FakeArm.TENANT
                            + ".");
        }
        if (!registries.containsKey(scope) && !groups.containsKey(scope)) {
            return FakeResponse.error(404, "ScopeNotFound", "The scope '" + scope + "' does not exist.");
        }
        for (Map.Entry<String, ObjectNode> e : roles.entrySet()) {
            JsonNode q = e.getValue().path("properties");
            if (!e.getKey().equals(key)
                    && q.path("principalId").asText().equals(principal)
                    && q.path("roleDefinitionId").asText().equalsIgnoreCase(roleId)
                    && FakeArm.key(q.path("scope").asText()).equals(scope)) {
                return FakeResponse.error(409, "RoleAssignmentExists", "The role assignment already exists.");
            }
        }
        ObjectNode stored =
                FakeArm.JSON.createObjectNode().put("id", call.path()).put("name", tail(call.path()));
        stored.put("type", "Microsoft.Authorization/roleAssignments");
        stored.putObject("properties")
                .put("roleDefinitionId", roleId)
                .put("principalId", principal)
                .put("principalType", p.path("principalType").asText("ServicePrincipal"))
                .put(
                        "scope",
                        call.path()
                                .substring(
                                        0,
                                        call.path()
                                                .toLowerCase(Locale.ROOT)
                                                .indexOf("/providers/microsoft.authorization")));
        boolean existed = roles.containsKey(key);
        roles.put(key, stored);
        return FakeResponse.json(existed ? 200 : 201, stored.toString());
    }

    private FakeResponse plan(FakeArmCall call, String id, String groupKey, String name) {
        if (!groupExists(groupKey)) {
            return noGroup(groupKey);
        }
        switch (call.method()) {
            case "GET" -> {
                ObjectNode existing = plans.get(id);
                return existing == null
                        ? notFound("Microsoft.Web/serverfarms", call)
                        : FakeResponse.json(200, existing.toString());
            }
            case "PUT" -> {
                JsonNode body = call.json();
                if (body.path("location").asText("").isEmpty()
                        || body.path("sku").path("name").asText("").isEmpty()) {
                    return FakeResponse.error(400, "BadRequest", "location and sku.name are required.");
                }
                ObjectNode stored = ((ObjectNode) body).deepCopy();
                stored.put("id", call.path()).put("name", tail(call.path())).put("type", "Microsoft.Web/serverfarms");
                stored.withObjectProperty("properties")
                        .put("provisioningState", "Succeeded")
                        .put("status", "Ready");
                boolean existed = plans.containsKey(id);
                plans.put(id, stored);
                return FakeResponse.json(existed ? 200 : 201, stored.toString());
            }
            case "DELETE" -> {
                return FakeResponse.empty(plans.remove(id) == null ? 204 : 200);
            }
            default -> {
                return FakeResponse.error(405, "MethodNotAllowed", call.method() + " is not supported here");
            }
        }
    }

    // -- for FakeWebSites -----------------------------------------------------------------------------------

    Map<String, FakeSite> sites() {
        return sites;
    }

    Optional<ObjectNode> planById(String id) {
        return Optional.ofNullable(plans.get(FakeArm.key(id)));
    }

    Optional<ObjectNode> identityById(String id) {
        return Optional.ofNullable(identities.get(FakeArm.key(id)));
    }

    FakeSite newSite(String path, String app, String slot) {
        return new FakeSite(this, path, app, slot, this::pullRefusal, containers);
    }

    /** Why App Service could not pull and start the site's image, or null. */
    private String pullRefusal(FakeSite site) {
        {
            String image = site.image();
            if (image.isEmpty()) {
                return "No container image configured (linuxFxVersion is not DOCKER|...)";
            }
            String host = image.substring(0, Math.max(0, image.indexOf('/')));
            ObjectNode registry = registries.values().stream()
                    .filter(r ->
                            r.path("properties").path("loginServer").asText().equalsIgnoreCase(host))
                    .findFirst()
                    .orElse(null);
            if (registry == null) {
                return "ImagePullFailure: no registry answers at " + host;
            }
            if (!site.siteConfig.path("acrUseManagedIdentityCreds").asBoolean(false)) {
                return "ImagePullUnauthorizedFailure: " + host + " requires authentication (no registry credentials,"
                        + " acrUseManagedIdentityCreds is off)";
            }
            String clientId = site.siteConfig.path("acrUserManagedIdentityID").asText("");
            ObjectNode identity = null;
            for (var it = site.resource
                            .path("identity")
                            .path("userAssignedIdentities")
                            .fieldNames();
                    it.hasNext(); ) {
                ObjectNode i = identities.get(FakeArm.key(it.next()));
                if (i != null && i.path("properties").path("clientId").asText().equals(clientId)) {
                    identity = i;
                }
            }
            if (identity == null) {
                return "ImagePullUnauthorizedFailure: acrUserManagedIdentityID " + clientId
                        + " is not an identity assigned to the site";
            }
            String principal = identity.path("properties").path("principalId").asText();
            String registryId = FakeArm.key(registry.path("id").asText());
            boolean mayPull = roles.values().stream()
                    .map(r -> r.path("properties"))
                    .anyMatch(r -> r.path("principalId").asText().equals(principal)
                            && r.path("roleDefinitionId")
                                    .asText()
                                    .toLowerCase(Locale.ROOT)
                                    .endsWith(ACR_PULL)
                            && registryId.startsWith(FakeArm.key(r.path("scope").asText())));
            if (!mayPull) {
                return "ImagePullUnauthorizedFailure: identity "
                        + identity.path("name").asText() + " is not authorized to pull from " + host
                        + " (no AcrPull role assignment)";
            }
            if (!"8080".equals(site.settings.get("WEBSITES_PORT"))) {
                return "Container " + site.app + " didn't respond to HTTP pings on port: 80, failing site start";
            }
            return null;
        }
    }

    FakeOperation startSwap(FakeSite production, FakeSite slot) {
        FakeOperation op = new FakeOperation(UUID.randomUUID().toString(), "westeurope", arm.pollsPerOperation, () -> {
            synchronized (FakeWebApps.this) {
                FakeSite.swap(production, slot);
            }
            return null;
        });
        swaps.put(op.id(), op);
        return op;
    }

    String swapUrl(FakeOperation op) {
        return arm.endpoint() + "/subscriptions/" + FakeArm.SUBSCRIPTION + "/providers/Microsoft.Web/locations/"
                + op.location() + "/operationResults/" + op.id() + "?api-version=" + WEB_API;
    }

    private FakeResponse swapResult(String id) {
        FakeOperation op = swaps.get(id);
        if (op == null) {
            return FakeResponse.error(404, "NotFound", "no operation " + id);
        }
        arm.advance(op);
        return op.isDone()
                ? FakeResponse.empty(200)
                : FakeResponse.empty(202).with("Location", swapUrl(op)).with("Retry-After", arm.retryAfter);
    }

    static String tail(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    List<FakeSite> slotsOf(String app) {
        List<FakeSite> out = new ArrayList<>();
        sites.values().stream()
                .filter(s -> s.app.equalsIgnoreCase(app) && s.slot != null)
                .forEach(out::add);
        return out;
    }
}
