package dev.llmops.deploy.webapp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.azure.ArmAuthException;
import dev.llmops.azure.ArmClient;
import dev.llmops.azure.ArmConflictException;
import dev.llmops.azure.ArmRequestException;
import dev.llmops.azure.Sleeper;
import dev.llmops.error.ConfigException;
import dev.llmops.error.RunFailedException;
import dev.llmops.error.StateException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Deploys a {@link WebAppPlan} the way the template's {@code az_webapp_deploy.sh} meant to, with its bugs fixed:
 * reads first (resource group, registry, site), so a missing registry or a wrong one stops the command before
 * any change; then the resource group (in {@code LOCATION}, else where the group or the registry is), the
 * user-assigned identity, {@code AcrPull} for it on the registry, the Linux plan, the site (or slot) pulling the
 * image with the identity and checking {@code /health}, and the app settings in one update. Then it polls
 * {@code /health} and smoke-tests {@code /score}; with a slot, only a passed smoke test swaps it into production.
 */
public final class WebAppDeployer {

    /** How often a new identity's role assignment is retried while the directory has not replicated it. */
    private static final int PRINCIPAL_ATTEMPTS = 8;

    private final ArmClient arm;
    private final SiteProbe probe;
    private final Sleeper sleeper;
    private final Duration timeout;
    private final Consumer<String> log;

    /**
     * @param arm a client of the Resource Manager (any api-version: each call sets its own)
     * @param timeout how long the site may take to answer {@code /health}
     * @param log one line per step, already free of secrets
     */
    public WebAppDeployer(
            ArmClient arm, java.net.http.HttpClient http, Sleeper sleeper, Duration timeout, Consumer<String> log) {
        this.arm = arm;
        this.sleeper = sleeper;
        this.probe = new SiteProbe(http, sleeper, java.time.Clock.systemUTC());
        this.timeout = timeout;
        this.log = log;
    }

    /**
     * @throws ConfigException when the registry is missing or does not serve the image's host (nothing changed)
     * @param swap with a slot: swap it into production once its smoke test passed (false: leave that to {@code
     *     llmops deploy promote})
     * @throws RunFailedException when the site does not get healthy or the smoke test does not answer 200; with
     *     a slot, production is left as it was
     */
    public DeployedWebApp deploy(WebAppPlan plan, boolean swap) {
        WebAppBodies b = new WebAppBodies(plan);
        WebAppEntry e = plan.entry();
        String slot = plan.slot().orElse(null);

        // -- reads: nothing changes until all of them passed -------------------------------------------------
        Optional<JsonNode> group =
                arm.withApiVersion(WebAppBodies.RESOURCES_API).find(b.group());
        JsonNode registry = arm.withApiVersion(WebAppBodies.REGISTRY_API)
                .find(b.registry())
                .orElseThrow(() -> ConfigException.at(
                        e.file(),
                        e.line(),
                        0,
                        "no container registry " + e.registry() + " in resource group " + e.registryGroup() + " of"
                                + " subscription " + plan.subscription() + " (" + e.where() + ".REGISTRY_NAME,"
                                + " REGISTRY_RG_NAME); nothing was deployed",
                        "name the registry llmops build pushed the image to, and its resource group"));
        String loginServer = registry.path("properties").path("loginServer").asText("");
        if (!loginServer.equalsIgnoreCase(plan.imageHost())) {
            throw ConfigException.at(
                    e.file(),
                    e.line(),
                    0,
                    "the image " + plan.image() + " is not in " + e.registry() + ", whose login server is "
                            + loginServer + " (" + e.where() + ".REGISTRY_NAME); nothing was deployed",
                    "deploy an image of " + loginServer + ", or name the registry that holds it");
        }
        String location = e.location()
                .or(() -> group.map(g -> g.path("location").asText("")).filter(s -> !s.isEmpty()))
                .orElse(registry.path("location").asText(""));
        if (location.isEmpty()) {
            throw ConfigException.of(
                    "no region for the web app: " + e.location("LOCATION") + " is empty, the resource group "
                            + e.group() + " does not exist yet and the registry names none",
                    "set LOCATION in " + e.where() + ", e.g. \"westeurope\"");
        }
        ArmClient web = arm.withApiVersion(WebAppBodies.WEB_API);
        Optional<JsonNode> site = web.find(b.site());
        Optional<String> previous = site.flatMap(s -> image(web, b.site()));
        if (slot != null && site.isEmpty()) {
            log.accept("web app " + e.app() + " does not exist yet: deploying to production directly (a first"
                    + " deployment has nothing to swap with); later deployments go through slot " + slot);
            slot = null;
        }
        String target = b.target(slot);
        String where = slot == null ? "web app " + e.app() : "slot " + slot + " of web app " + e.app();
        boolean targetExists =
                slot == null ? site.isPresent() : web.find(target).isPresent();

        // -- writes ------------------------------------------------------------------------------------------
        if (group.isEmpty()) {
            arm.withApiVersion(WebAppBodies.RESOURCES_API)
                    .put(b.group(), b.groupBody(location), "create resource group " + e.group());
            log.accept("resource group " + e.group() + " created in " + location);
        }
        JsonNode identity = arm.withApiVersion(WebAppBodies.MSI_API)
                .put(b.identity(), b.identityBody(location), "create identity " + e.identity());
        String identityId = identity.path("id").asText(b.identity());
        String principalId = identity.path("properties").path("principalId").asText("");
        String clientId = identity.path("properties").path("clientId").asText("");
        if (principalId.isEmpty() || clientId.isEmpty()) {
            throw new StateException("identity " + e.identity() + " came back without principalId or clientId;"
                    + " run the command again");
        }
        log.accept("identity " + e.identity() + " ready (client id " + clientId + ")");
        grantPull(b, principalId, e);
        web.put(b.serverFarm(), b.planBody(location), "create plan " + e.plan());
        log.accept("plan " + e.plan() + " ready (Linux, " + e.sku() + ")");
        JsonNode deployed = web.put(target, b.siteBody(location, identityId, clientId), "deploy " + where);
        log.accept(where + " pulls " + plan.image() + " with identity " + e.identity());
        Map<String, String> settings = new LinkedHashMap<>();
        if (targetExists) {
            // PUT replaces the whole set: keep what someone else added, ours win.
            web.post(target + "/config/appsettings/list", null, true, "read the app settings of " + where)
                    .path("properties")
                    .properties()
                    .forEach(p -> settings.put(p.getKey(), p.getValue().asText()));
        }
        settings.putAll(plan.settings());
        web.put(target + "/config/appsettings", b.settingsBody(settings), "set the app settings of " + where);
        log.accept(where + ": " + settings.size() + " app settings in one update (" + String.join(", ", names(plan))
                + ")");

        // -- health, smoke test, swap -----------------------------------------------------------------------
        String host = deployed.path("properties").path("defaultHostName").asText("");
        if (host.isEmpty()) {
            host = web.get(target).path("properties").path("defaultHostName").asText("");
        }
        check(web, target, where, host, plan, slot != null ? previous : Optional.empty(), slot != null);
        if (slot == null) {
            return new DeployedWebApp(e.app(), "https://" + host, plan.image(), previous, Optional.empty());
        }
        if (!swap) {
            log.accept("slot " + slot + " not swapped: production still serves "
                    + previous.orElse("the previous" + " version"));
            return new DeployedWebApp(e.app(), "https://" + host, plan.image(), previous, Optional.of(slot));
        }
        web.post(b.site() + "/slotsswap", b.swapBody(slot), false, "swap slot " + slot + " into production");
        String production =
                site.get().path("properties").path("defaultHostName").asText("");
        log.accept("slot " + slot + " swapped into production; " + slot + " now holds "
                + previous.orElse("the previous version"));
        SiteProbe.Answer healthy = probe.awaitHealthy(production, timeout, line -> log.accept("waiting: " + line));
        if (!healthy.ok()) {
            throw new RunFailedException("production of " + e.app() + " does not answer " + WebAppBodies.HEALTH_PATH
                    + " after the swap (" + healthy.brief() + "); swap back with: llmops deploy rollback --target"
                    + " webapp --slot " + slot);
        }
        return new DeployedWebApp(e.app(), "https://" + production, plan.image(), previous, Optional.of(slot));
    }

    /** Health, then the smoke test; on failure says what still serves. */
    private void check(
            ArmClient web,
            String target,
            String where,
            String host,
            WebAppPlan plan,
            Optional<String> production,
            boolean isSlot) {
        SiteProbe.Answer healthy = probe.awaitHealthy(host, timeout, line -> log.accept("waiting: " + line));
        String kept = isSlot
                ? "; production was not swapped and still serves " + production.orElse("the previous version")
                : "";
        if (!healthy.ok()) {
            throw new RunFailedException(where + " did not answer " + WebAppBodies.HEALTH_PATH + " with 200 within "
                    + timeout.toMinutes() + " min (" + healthy.brief() + ")" + kept + ". Its log:\n"
                    + tail(web, target, 30));
        }
        log.accept(where + " is healthy at https://" + host);
        SiteProbe.Answer smoke = probe.score(host, plan.serveKey().orElse(null), plan.request());
        if (!smoke.ok()) {
            throw new RunFailedException("smoke test of " + where + " failed: POST https://" + host + "/score with "
                    + plan.entry().testFile() + " answered " + smoke.brief() + kept + ". Its log:\n"
                    + tail(web, target, 30));
        }
        log.accept("smoke test passed: POST https://" + host + "/score answered 200");
    }

    private void grantPull(WebAppBodies b, String principalId, WebAppEntry e) {
        ArmClient auth = arm.withApiVersion(WebAppBodies.AUTHORIZATION_API);
        Duration wait = Duration.ofSeconds(2);
        for (int attempt = 1; ; attempt++) {
            try {
                auth.put(b.roleAssignment(principalId), b.roleBody(principalId), "grant AcrPull on " + e.registry());
                log.accept("identity " + e.identity() + " may pull from " + e.registry() + " (AcrPull)");
                return;
            } catch (ArmConflictException c) {
                if (c.error().map(x -> x.code().equals("RoleAssignmentExists")).orElse(false)) {
                    log.accept("identity " + e.identity() + " already may pull from " + e.registry());
                    return;
                }
                throw c;
            } catch (ArmRequestException r) {
                boolean replicating =
                        r.error().map(x -> x.code().equals("PrincipalNotFound")).orElse(false);
                if (!replicating || attempt >= PRINCIPAL_ATTEMPTS) {
                    throw r;
                }
                log.accept("identity " + e.identity() + " not yet known to the directory; retrying in "
                        + wait.toSeconds() + " s");
                pause(wait);
                wait = wait.multipliedBy(2);
            } catch (ArmAuthException a) {
                throw new ArmAuthException(
                        a.getMessage() + ". Granting AcrPull on " + e.registry() + " needs"
                                + " Microsoft.Authorization/roleAssignments/write there (Owner, User Access"
                                + " Administrator or Role Based Access Control Administrator on the registry or"
                                + " its resource group " + e.registryGroup() + ")",
                        a.status(),
                        a.error().orElse(null));
            }
        }
    }

    /** The image a site or slot runs, from its {@code config/web}. */
    static Optional<String> image(ArmClient web, String target) {
        return web.find(target + "/config/web")
                .map(c -> c.path("properties").path("linuxFxVersion").asText(""))
                .filter(v -> v.startsWith("DOCKER|"))
                .map(v -> v.substring("DOCKER|".length()));
    }

    /** The last lines of a site's container log, or why there are none. */
    static String tail(ArmClient web, String target, int lines) {
        try {
            String text = web.postText(target + "/containerlogs");
            String[] all = text.split("\r?\n");
            StringBuilder sb = new StringBuilder();
            for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
                sb.append("    ").append(all[i]).append('\n');
            }
            return sb.isEmpty() ? "    (empty)\n" : sb.toString();
        } catch (RuntimeException ex) {
            if (ex instanceof CancellationException c) {
                throw c;
            }
            return "    (not available: " + ex.getMessage() + ")\n";
        }
    }

    private static java.util.List<String> names(WebAppPlan plan) {
        return plan.settings().keySet().stream().toList();
    }

    private void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }
}
