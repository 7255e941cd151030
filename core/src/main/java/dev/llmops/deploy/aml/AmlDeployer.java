package dev.llmops.deploy.aml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.azure.ArmClient;
import dev.llmops.azure.ArmException;
import dev.llmops.azure.ArmOperationFailedException;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.deploy.DeployTarget;
import dev.llmops.deploy.OnlineDeploymentSpec;
import dev.llmops.deploy.TrafficSplit;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.error.RunFailedException;
import dev.llmops.error.StateException;
import dev.llmops.secret.SecretMasker;
import dev.llmops.serve.ServeSettings;
import dev.llmops.serve.SmokeTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Deploys one configuration element to an Azure ML online endpoint, blue/green:
 *
 * <ol>
 *   <li>reads first, changes nothing: the workspace (its region; a missing role shows here), the endpoint and
 *       its deployments, and decides the {@link TrafficSplit}; then the {@link AccessCheck};
 *   <li>the environment version (image and inference routes), new only when the image changed;
 *   <li>the endpoint, created only when absent, never re-created (its traffic is kept);
 *   <li>the endpoint's keys ({@code listKeys}): the image's {@code llmops serve} binds 0.0.0.0 and so requires
 *       keys; the deployment gets exactly the endpoint's two as {@code LLMOPS_SERVE_KEYS}, so the key a client
 *       sends the endpoint is one the container accepts;
 *   <li>the deployment, created or updated, waited for;
 *   <li>the smoke test: the request file scored by the new deployment alone;
 *   <li>only then the traffic.
 * </ol>
 *
 * <p>Every step looks at what exists first, so a rerun after a crash or Ctrl-C continues where the last one
 * stopped (an operation still running is waited for, not started again).
 */
final class AmlDeployer {

    private static final int LOG_LINES = 50;

    private final ArmClient arm;
    private final AzureWorkspace ws;
    private final SmokeTest smoke;
    private final SecretMasker masker;
    private final Consumer<String> log;
    private boolean accessChecked;

    AmlDeployer(ArmClient arm, AzureWorkspace ws, SmokeTest smoke, SecretMasker masker, Consumer<String> log) {
        this.arm = arm;
        this.ws = ws;
        this.smoke = smoke;
        this.masker = masker;
        this.log = log;
    }

    /** The endpoint's two keys, registered as secrets. */
    record EndpointKeys(String primary, String secondary) {
        /** As {@code LLMOPS_SERVE_KEYS} takes them. */
        String joined() {
            return secondary.isEmpty() ? primary : primary + "," + secondary;
        }
    }

    EndpointKeys keys(String epPath) {
        JsonNode keys = arm.post(epPath + "/listKeys", null, true, "listKeys");
        EndpointKeys out = new EndpointKeys(
                keys.path("primaryKey").asText(""), keys.path("secondaryKey").asText(""));
        if (out.primary().isEmpty()) {
            throw new StateException("listKeys of " + epPath + " returned no primaryKey: the"
                    + " endpoint's authMode must be Key (llmops deploy creates it so); nothing was deployed");
        }
        masker.register(out.primary());
        masker.register(out.secondary());
        return out;
    }

    /** What a deployment needs beside its configuration element. */
    record Inputs(
            String image,
            String experiment,
            Optional<String> buildId,
            java.util.function.Supplier<Optional<String>> model,
            Map<String, String> variables,
            String request,
            int mirror) {}

    DeployedEndpoint deploy(OnlineDeploymentSpec spec, Inputs in) {
        String epPath = ws.path("onlineEndpoints/" + spec.endpoint());
        String depPath = epPath + "/deployments/" + spec.deployment();

        // 1. Reads only.
        String location = arm.get(ws.id()).path("location").asText();
        Optional<JsonNode> endpoint = arm.settle(epPath, "endpoint " + spec.endpoint());
        endpoint.ifPresent(e -> checkKind(spec, e));
        if (spec.target() == DeployTarget.KUBERNETES
                && arm.find(ws.path("computes/" + spec.compute())).isEmpty()) {
            throw new ConfigException(Problem.error(
                    spec.file(),
                    spec.line(),
                    0,
                    spec.where() + ": COMPUTE_NAME '" + spec.compute() + "' is not a compute of workspace " + ws.name(),
                    "attach the Kubernetes cluster to the workspace first (Azure ML studio, Compute, Kubernetes"
                            + " clusters); nothing was changed"));
        }
        List<String> existing = endpoint.isPresent()
                ? arm.list(epPath + "/deployments").stream()
                        .map(d -> d.path("name").asText())
                        .toList()
                : List.of();
        Map<String, Integer> live =
                endpoint.map(e -> ints(e.path("properties").path("traffic"))).orElse(Map.of());
        TrafficSplit split = TrafficSplit.of(spec, existing, live);
        log.accept("  plan: traffic " + TrafficSplit.describe(split.traffic()) + " once the smoke test passes"
                + (live.isEmpty() ? "" : " (now " + TrafficSplit.describe(live) + ")"));
        split.notes().forEach(n -> log.accept("  note: " + n));
        if (!accessChecked) {
            AccessCheck.require(arm, ws, log);
            accessChecked = true;
        }

        // 2. Model (registered once per run, after every check) and environment.
        Optional<String> modelId = in.model().get();
        String environmentId = environment(spec, in);

        // 3. Endpoint, only when absent.
        if (endpoint.isEmpty()) {
            log.accept("  creating endpoint " + spec.endpoint());
            arm.put(epPath, AmlBodies.endpoint(spec, ws, location, in.buildId()), "create endpoint " + spec.endpoint());
        } else {
            log.accept("  endpoint " + spec.endpoint() + " exists; kept as it is");
        }

        // 4. Deployment, with the endpoint's keys for the container's llmops serve (never printed).
        EndpointKeys keys = keys(epPath);
        Map<String, String> variables = new LinkedHashMap<>(in.variables());
        variables.put(ServeSettings.KEYS_VARIABLE, keys.joined());
        arm.settle(depPath, "deployment " + spec.deployment());
        ObjectNode body = AmlBodies.deployment(spec, location, environmentId, modelId, variables, in.buildId());
        log.accept("  " + (existing.contains(spec.deployment()) ? "updating" : "creating") + " deployment "
                + spec.deployment() + " (" + spec.instanceType() + " x" + spec.instanceCount() + ")");
        try {
            arm.put(depPath, body, "deployment " + spec.deployment());
        } catch (ArmOperationFailedException e) {
            throw new RunFailedException("deployment " + spec.deployment() + " of endpoint " + spec.endpoint()
                    + " failed: " + e.getMessage() + "; traffic left as it was ("
                    + TrafficSplit.describe(live) + ")" + logsTail(depPath));
        }

        // 5. Smoke test against the new deployment alone.
        JsonNode current = arm.get(epPath);
        String scoringUri = current.path("properties").path("scoringUri").asText();
        SmokeTest.Result result = smoke.score(
                URI.create(scoringUri),
                Optional.of(keys.primary()),
                Map.of(SmokeTest.DEPLOYMENT_HEADER, spec.deployment()),
                in.request());
        if (result.status() != 200) {
            throw new RunFailedException("smoke test of deployment " + spec.deployment() + " failed: "
                    + spec.testFile() + " scored HTTP " + result.status() + ": " + result.shortBody()
                    + "; traffic left as it was (" + TrafficSplit.describe(live) + ")" + logsTail(depPath));
        }
        log.accept("  smoke test passed: " + spec.testFile() + " scored HTTP 200 on " + spec.deployment());

        // 6. Traffic (GET, change, PUT: PATCH cannot change traffic).
        Map<String, Integer> mirror = in.mirror() > 0 ? Map.of(spec.deployment(), in.mirror()) : Map.of();
        JsonNode after = setTraffic(epPath, split.traffic(), Optional.of(mirror), "traffic of " + spec.endpoint());
        Map<String, Integer> traffic = ints(after.path("properties").path("traffic"));
        log.accept("  traffic now " + TrafficSplit.describe(traffic));
        List<String> notes = new ArrayList<>(split.notes());
        return new DeployedEndpoint(
                spec.endpoint(),
                spec.deployment(),
                scoringUri,
                traffic,
                ints(after.path("properties").path("mirrorTraffic")),
                modelId.map(id -> id.substring(id.lastIndexOf('/') + 1)),
                environmentId,
                notes);
    }

    /** The environment named after the deployment (as the template does), a new version only for a new image. */
    private String environment(OnlineDeploymentSpec spec, Inputs in) {
        String name = spec.deployment();
        String container = ws.path("environments/" + name);
        Optional<JsonNode> existing = arm.find(container);
        String latest = existing.map(
                        c -> c.path("properties").path("latestVersion").asText(""))
                .orElse("");
        if (!latest.isEmpty()) {
            JsonNode version = arm.get(container + "/versions/" + latest);
            if (in.image().equals(version.path("properties").path("image").asText())) {
                log.accept("  environment " + name + ":" + latest + " already runs " + in.image());
                return ws.path("environments/" + name + "/versions/" + latest);
            }
        }
        String next = existing.map(c -> c.path("properties").path("nextVersion").asText(""))
                .filter(v -> !v.isEmpty())
                .orElse(latest.matches("[0-9]+") ? String.valueOf(Integer.parseInt(latest) + 1) : "1");
        log.accept("  registering environment " + name + ":" + next + " (" + in.image() + ")");
        String path = container + "/versions/" + next;
        arm.put(path, AmlBodies.environment(in.image(), in.experiment()), "environment " + name + ":" + next);
        return path;
    }

    JsonNode setTraffic(
            String epPath, Map<String, Integer> traffic, Optional<Map<String, Integer>> mirror, String what) {
        ObjectNode endpoint = (ObjectNode) arm.get(epPath).deepCopy();
        ObjectNode props = endpoint.withObjectProperty("properties");
        ObjectNode t = props.putObject("traffic");
        traffic.forEach(t::put);
        mirror.ifPresent(m -> {
            ObjectNode mt = props.putObject("mirrorTraffic");
            m.forEach(mt::put);
        });
        // Read-only properties go back as they came; ARM ignores them on PUT.
        return arm.put(epPath, endpoint, what);
    }

    /** The last lines of the deployment's inference-server log, or why there are none. */
    String logsTail(String depPath) {
        try {
            ObjectNode body = AmlBodies.JSON
                    .createObjectNode()
                    .put("containerType", "InferenceServer")
                    .put("tail", LOG_LINES);
            String content = arm.post(depPath + "/getLogs", body, true, "getLogs")
                    .path("content")
                    .asText("");
            return content.isBlank()
                    ? System.lineSeparator() + "(the deployment's log is empty)"
                    : System.lineSeparator() + "last lines of the deployment's log:" + System.lineSeparator()
                            + content.stripTrailing();
        } catch (ArmException e) {
            return System.lineSeparator() + "(no log: " + e.getMessage() + ")";
        }
    }

    private void checkKind(OnlineDeploymentSpec spec, JsonNode endpoint) {
        boolean isK8s = !endpoint.path("properties").path("compute").asText("").isEmpty();
        boolean wantK8s = spec.target() == DeployTarget.KUBERNETES;
        if (isK8s != wantK8s) {
            throw new ConfigException(Problem.error(
                    spec.file(),
                    spec.line(),
                    0,
                    spec.where() + ": endpoint " + spec.endpoint() + " exists as a "
                            + (isK8s ? "Kubernetes" : "managed") + " endpoint",
                    "use --target " + (isK8s ? "kubernetes_endpoint" : "azure_managed")
                            + ", or another ENDPOINT_NAME; nothing was changed"));
        }
    }

    static Map<String, Integer> ints(JsonNode map) {
        Map<String, Integer> out = new LinkedHashMap<>();
        map.properties().forEach(e -> out.put(e.getKey(), e.getValue().asInt()));
        return out;
    }
}
