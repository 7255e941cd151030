package dev.llmops.deploy.webapp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.azure.ArmClient;
import dev.llmops.error.ConfigException;
import dev.llmops.error.RunFailedException;
import dev.llmops.error.StateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What can be done to a deployed web app: its state, the smoke test again, a swap back (rollback), its container
 * log, and deleting it or one slot.
 */
public final class WebAppOperations {

    /** A site or slot as Resource Manager describes it. */
    public record SiteState(
            String name, String state, String url, Optional<String> image, String healthCheckPath, int settings) {}

    /** The web app and its slots; empty when it does not exist. */
    public record Status(WebAppEntry entry, Optional<SiteState> production, List<SiteState> slots) {}

    private final ArmClient web;
    private final SiteProbe probe;
    private final Duration timeout;
    private final Consumer<String> log;

    /**
     * @param arm a Resource Manager client
     * @param timeout how long a swapped site may take to answer {@code /health}
     */
    public WebAppOperations(
            ArmClient arm,
            java.net.http.HttpClient http,
            dev.llmops.azure.Sleeper sleeper,
            Duration timeout,
            Consumer<String> log) {
        this.web = arm.withApiVersion(WebAppBodies.WEB_API);
        this.probe = new SiteProbe(http, sleeper, java.time.Clock.systemUTC());
        this.timeout = timeout;
        this.log = log;
    }

    private static WebAppBodies bodies(WebAppEntry entry, String subscription) {
        return new WebAppBodies(new WebAppPlan(
                entry,
                subscription,
                "",
                java.util.Map.of(),
                java.util.Set.of(),
                "",
                Optional.empty(),
                Optional.empty()));
    }

    public Status status(WebAppEntry entry, String subscription) {
        WebAppBodies b = bodies(entry, subscription);
        Optional<JsonNode> site = web.find(b.site());
        if (site.isEmpty()) {
            return new Status(entry, Optional.empty(), List.of());
        }
        List<SiteState> slots = new ArrayList<>();
        for (JsonNode s : web.list(b.site() + "/slots")) {
            String name = s.path("name").asText("");
            String slot = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
            slots.add(state(slot, b.target(slot), s));
        }
        return new Status(entry, Optional.of(state("production", b.site(), site.get())), slots);
    }

    private SiteState state(String name, String path, JsonNode site) {
        JsonNode config = web.find(path + "/config/web").orElse(null);
        int settings = web.post(path + "/config/appsettings/list", null, true, "read the app settings of " + name)
                .path("properties")
                .size();
        return new SiteState(
                name,
                site.path("properties").path("state").asText("?"),
                "https://" + site.path("properties").path("defaultHostName").asText("?"),
                Optional.ofNullable(config)
                        .map(c -> c.path("properties").path("linuxFxVersion").asText(""))
                        .filter(v -> v.startsWith("DOCKER|"))
                        .map(v -> v.substring("DOCKER|".length())),
                config == null
                        ? ""
                        : config.path("properties").path("healthCheckPath").asText(""),
                settings);
    }

    /**
     * Smoke-tests production (or a slot) again.
     *
     * @param serveKey the key to send, or null
     * @throws RunFailedException unless {@code /score} answers 200
     */
    public void test(WebAppEntry entry, String subscription, Optional<String> slot, String serveKey, String request) {
        WebAppBodies b = bodies(entry, subscription);
        String target = b.target(slot.orElse(null));
        String where = slot.map(s -> "slot " + s + " of ").orElse("") + "web app " + entry.app();
        JsonNode site =
                web.find(target).orElseThrow(() -> new StateException(where + " does not exist: deploy it first"));
        String host = site.path("properties").path("defaultHostName").asText("");
        SiteProbe.Answer answer = probe.score(host, serveKey, request);
        if (!answer.ok()) {
            throw new RunFailedException("smoke test of " + where + " failed: POST https://" + host + "/score"
                    + " answered " + answer.brief() + ". Its log:\n" + WebAppDeployer.tail(web, target, 30));
        }
        log.accept("smoke test passed: POST https://" + host + "/score answered 200");
    }

    /**
     * Swaps a slot and production. After a deployment through the slot, the slot holds the version production
     * served before, so this puts it back (rollback); after {@code deploy --no-swap} it holds the new one
     * (promote), which is smoke-tested first.
     *
     * @param smoke the key and request to smoke-test the slot with before the swap, empty for none
     * @return the image production serves afterwards
     * @throws StateException when the web app or the slot does not exist
     * @throws RunFailedException when the slot fails its smoke test (nothing swapped) or production is not
     *     healthy afterwards
     */
    public Optional<String> swap(
            WebAppEntry entry, String subscription, String slot, Optional<java.util.Map.Entry<String, String>> smoke) {
        WebAppBodies b = bodies(entry, subscription);
        JsonNode site = web.find(b.site())
                .orElseThrow(() -> new StateException("web app " + entry.app() + " does not exist: nothing to swap"));
        if (web.find(b.target(slot)).isEmpty()) {
            throw new StateException("web app " + entry.app() + " has no slot " + slot + ": nothing to swap with"
                    + " (deploy with --slot " + slot + " first)");
        }
        if (smoke.isPresent()) {
            test(
                    entry,
                    subscription,
                    Optional.of(slot),
                    smoke.get().getKey(),
                    smoke.get().getValue());
        }
        Optional<String> next = WebAppDeployer.image(web, b.target(slot));
        web.post(b.site() + "/slotsswap", b.swapBody(slot), false, "swap slot " + slot + " with production");
        log.accept("slot " + slot + " swapped with production");
        String host = site.path("properties").path("defaultHostName").asText("");
        SiteProbe.Answer healthy = probe.awaitHealthy(host, timeout, line -> log.accept("waiting: " + line));
        if (!healthy.ok()) {
            throw new RunFailedException("production of " + entry.app() + " does not answer "
                    + WebAppBodies.HEALTH_PATH + " after the swap (" + healthy.brief() + "). Its log:\n"
                    + WebAppDeployer.tail(web, b.site(), 30));
        }
        log.accept("production is healthy at https://" + host);
        return next;
    }

    /** The last {@code lines} lines of the container log of production or a slot. */
    public String logs(WebAppEntry entry, String subscription, Optional<String> slot, int lines) {
        if (lines < 1) {
            throw ConfigException.of("--tail " + lines + " is not a line count", "give 1 or more");
        }
        WebAppBodies b = bodies(entry, subscription);
        String target = b.target(slot.orElse(null));
        if (web.find(target).isEmpty()) {
            throw new StateException(
                    slot.map(s -> "slot " + s + " of ").orElse("") + "web app " + entry.app() + " does not exist");
        }
        String text = web.postText(target + "/containerlogs");
        String[] all = text.split("\r?\n");
        return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    }

    /**
     * Deletes the web app with its slots, or one slot. The plan, the identity and its role assignment stay (other
     * apps may use them).
     */
    public void delete(WebAppEntry entry, String subscription, Optional<String> slot) {
        WebAppBodies b = bodies(entry, subscription);
        String target = b.target(slot.orElse(null));
        String where = slot.map(s -> "slot " + s + " of ").orElse("") + "web app " + entry.app();
        web.delete(target, "delete " + where);
        log.accept(where + " deleted (plan " + entry.plan() + " and identity " + entry.identity() + " kept)");
    }
}
