package dev.llmops.testing.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code Microsoft.Web/sites} routes of {@link FakeWebApps}: sites, slots and their sub-resources. */
final class FakeWebSites {

    private static final Set<String> NO_SLOTS = Set.of("free", "shared", "basic", "dynamic");

    private FakeWebSites() {}

    /**
     * @param siteId the site's id, lower case
     * @param rest what follows the site's id ({@code /slots/x/config/appsettings}), or null
     */
    static FakeResponse route(
            FakeWebApps web, FakeArmCall call, String siteId, String groupKey, String app, String rest) {
        if (!web.groupExists(groupKey)) {
            return FakeWebApps.noGroup(groupKey);
        }
        String tail = rest == null ? "" : rest;
        String slot = null;
        if (tail.equals("/slots") && call.method().equals("GET")) {
            List<JsonNode> all =
                    web.slotsOf(app).stream().map(s -> (JsonNode) s.resource).toList();
            return web.sites().containsKey(siteId) ? pageAll(all) : FakeWebApps.notFound("Microsoft.Web/sites", call);
        }
        if (tail.startsWith("/slots/")) {
            String afterSlots = tail.substring("/slots/".length());
            int cut = afterSlots.indexOf('/');
            slot = cut < 0 ? afterSlots : afterSlots.substring(0, cut);
            tail = cut < 0 ? "" : afterSlots.substring(cut);
        }
        String key = slot == null ? siteId : siteId + "/slots/" + slot;
        FakeSite site = web.sites().get(key);
        if (tail.isEmpty()) {
            return switch (call.method()) {
                case "PUT" -> put(web, call, siteId, key, app, slot);
                case "GET" ->
                    site == null
                            ? FakeWebApps.notFound("Microsoft.Web/sites", call)
                            : FakeResponse.json(200, site.resource.toString());
                case "DELETE" -> delete(web, key);
                default -> FakeResponse.error(405, "MethodNotAllowed", call.method() + " is not supported here");
            };
        }
        if (site == null) {
            return FakeWebApps.notFound("Microsoft.Web/sites", call);
        }
        return switch (call.method() + " " + tail) {
            case "GET /config/web" -> {
                ObjectNode config = FakeArm.JSON
                        .createObjectNode()
                        .put("id", site.path + "/config/web")
                        .put("name", "web");
                config.set("properties", site.siteConfig.deepCopy());
                yield FakeResponse.json(200, config.toString());
            }
            case "POST /config/appsettings/list" ->
                FakeResponse.json(200, settings(site).toString());
            case "PUT /config/appsettings" -> {
                JsonNode props = call.json().path("properties");
                if (!props.isObject()) {
                    yield FakeResponse.error(400, "BadRequest", "properties must be an object of names to values");
                }
                Map<String, String> next = new LinkedHashMap<>();
                props.properties()
                        .forEach(p -> next.put(p.getKey(), p.getValue().asText()));
                site.settings = next;
                site.restart();
                yield FakeResponse.json(200, settings(site).toString());
            }
            case "POST /containerlogs" -> {
                String log = site.log();
                yield log.isEmpty()
                        ? FakeResponse.empty(204)
                        : new FakeResponse(200, new LinkedHashMap<>(), log, "application/octet-stream");
            }
            case "POST /restart" -> {
                site.restart();
                yield FakeResponse.empty(200);
            }
            case "POST /slotsswap" -> {
                if (slot != null) {
                    yield FakeResponse.error(400, "BadRequest", "swap from the site with targetSlot");
                }
                String target = call.json().path("targetSlot").asText("");
                FakeSite other = web.sites().get(siteId + "/slots/" + target.toLowerCase(Locale.ROOT));
                if (other == null) {
                    yield FakeResponse.error(
                            404, "ResourceNotFound", "The slot '" + target + "' of site '" + app + "' was not found.");
                }
                FakeOperation op = web.startSwap(site, other);
                yield FakeResponse.empty(202).with("Location", web.swapUrl(op)).with("Retry-After", "0");
            }
            default -> FakeResponse.error(404, "NotFound", "the fake has no " + call.method() + " " + tail);
        };
    }

    private static ObjectNode settings(FakeSite site) {
        ObjectNode body = FakeArm.JSON.createObjectNode().put("id", site.path + "/config/appsettings");
        body.put("name", "appsettings");
        ObjectNode props = body.putObject("properties");
        site.settings.forEach(props::put);
        return body;
    }

    private static FakeResponse put(
            FakeWebApps web, FakeArmCall call, String siteId, String key, String app, String slot) {
        JsonNode body = call.json();
        if (!body.isObject() || body.path("location").asText("").isEmpty()) {
            return FakeResponse.error(400, "LocationRequired", "The location property is required.");
        }
        FakeSite parent = web.sites().get(siteId);
        if (slot != null && parent == null) {
            return FakeResponse.error(404, "ResourceNotFound", "The site '" + app + "' was not found.");
        }
        String farmId = body.path("properties").path("serverFarmId").asText("");
        Optional<ObjectNode> farm = web.planById(farmId);
        if (farm.isEmpty()) {
            return FakeResponse.error(404, "NotFound", "Server farm with name '" + farmId + "' not found.");
        }
        if (!farm.get().path("properties").path("reserved").asBoolean(false)) {
            return FakeResponse.error(400, "BadRequest", "A Linux container site needs a Linux plan (reserved: true).");
        }
        String tier = farm.get().path("sku").path("tier").asText("").toLowerCase(Locale.ROOT);
        if (slot != null && NO_SLOTS.contains(tier)) {
            return FakeResponse.error(
                    409,
                    "Conflict",
                    "Cannot create more than 0 deployment slots for the plan's pricing tier ("
                            + farm.get().path("sku").path("tier").asText() + ").");
        }
        JsonNode config = body.path("properties").path("siteConfig");
        if (!config.path("linuxFxVersion").asText("").startsWith("DOCKER|")) {
            return FakeResponse.error(400, "BadRequest", "siteConfig.linuxFxVersion must be DOCKER|<image>.");
        }
        ObjectNode identity = body.path("identity").isObject()
                ? ((ObjectNode) body.path("identity")).deepCopy()
                : FakeArm.JSON.createObjectNode().put("type", "None");
        for (var it = identity.path("userAssignedIdentities").properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            Optional<ObjectNode> found = web.identityById(e.getKey());
            if (found.isEmpty()) {
                return FakeResponse.error(
                        400, "BadRequest", "The user-assigned identity '" + e.getKey() + "' was not found.");
            }
            ((ObjectNode) e.getValue())
                    .put(
                            "principalId",
                            found.get().path("properties").path("principalId").asText())
                    .put(
                            "clientId",
                            found.get().path("properties").path("clientId").asText());
        }
        FakeSite site = web.sites().get(key);
        boolean created = site == null;
        if (created) {
            site = web.newSite(call.path(), app, slot);
            web.sites().put(key, site);
        }
        ObjectNode resource = FakeArm.JSON
                .createObjectNode()
                .put("id", call.path())
                .put("name", slot == null ? app : app + "/" + slot)
                .put("type", slot == null ? "Microsoft.Web/sites" : "Microsoft.Web/sites/slots")
                .put("location", body.path("location").asText())
                .put("kind", body.path("kind").asText("app"));
        resource.set("identity", identity);
        ObjectNode props = resource.putObject("properties");
        props.put("state", "Running")
                .put("defaultHostName", site.host())
                .put("serverFarmId", farmId)
                .put("httpsOnly", body.path("properties").path("httpsOnly").asBoolean(false))
                .putNull("siteConfig");
        site.resource = resource;
        ObjectNode nextConfig = ((ObjectNode) config).deepCopy();
        if (created || !nextConfig.equals(site.siteConfig)) {
            site.siteConfig = nextConfig;
            site.restart();
        }
        return FakeResponse.json(200, resource.toString());
    }

    private static FakeResponse delete(FakeWebApps web, String key) {
        FakeSite site = web.sites().remove(key);
        if (site == null) {
            return FakeResponse.empty(204);
        }
        site.close();
        if (site.slot == null) {
            web.sites().entrySet().removeIf(e -> {
                if (e.getKey().startsWith(key + "/slots/")) {
                    e.getValue().close();
                    return true;
                }
                return false;
            });
        }
        return FakeResponse.empty(200);
    }

    private static FakeResponse pageAll(List<JsonNode> all) {
        ObjectNode body = FakeArm.JSON.createObjectNode();
        var value = body.putArray("value");
        all.forEach(value::add);
        return FakeResponse.json(200, body.toString());
    }
}
