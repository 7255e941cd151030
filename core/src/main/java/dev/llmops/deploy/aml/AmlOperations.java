package dev.llmops.deploy.aml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.SystemEnv;
import dev.llmops.azure.ArmClient;
import dev.llmops.azure.ArmProgress;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.azure.AzureWorkspaces;
import dev.llmops.deploy.DeploymentConfigLoader;
import dev.llmops.deploy.OnlineDeploymentSpec;
import dev.llmops.deploy.TrafficSplit;
import dev.llmops.error.ConfigException;
import dev.llmops.error.RunFailedException;
import dev.llmops.error.StateException;
import dev.llmops.secret.SecretMasker;
import dev.llmops.secret.Variables;
import dev.llmops.serve.SmokeTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The commands around a deployment, for every configuration element of the environment: {@code status},
 * {@code test} (the smoke test again), {@code promote} (all traffic to {@code CURRENT_DEPLOYMENT_NAME}, optionally
 * deleting the prior one), {@code rollback} (all traffic back to {@code PRIOR_DEPLOYMENT_NAME}), {@code logs} and
 * {@code delete}.
 */
public final class AmlOperations {

    /** One deployment of an endpoint as {@code status} shows it. */
    public record DeploymentState(String name, String provisioningState, String instanceType, int instances) {}

    /** One endpoint as {@code status} shows it; {@code exists} false when it is not there (yet). */
    public record EndpointState(
            String endpoint,
            boolean exists,
            String provisioningState,
            String scoringUri,
            Map<String, Integer> traffic,
            Map<String, Integer> mirrorTraffic,
            List<DeploymentState> deployments) {}

    private final SystemEnv env;
    private final SecretMasker masker;
    private final Consumer<String> log;
    private final ArmProgress progress;

    public AmlOperations(SystemEnv env, SecretMasker masker, Consumer<String> log, ArmProgress progress) {
        this.env = env;
        this.masker = masker;
        this.log = log;
        this.progress = progress;
    }

    private record Targets(Path useCase, List<OnlineDeploymentSpec> specs, AzureWorkspace ws, ArmClient arm) {}

    private Targets targets(AmlDeployRequest request) {
        Path useCase = env.resolve(request.useCaseDir().toString());
        Path config = request.configFile()
                .map(f -> env.workingDir().resolve(f))
                .orElse(useCase.resolve(DeploymentConfigLoader.DEFAULT_FILE));
        String envName =
                request.env() != null ? request.env() : env.get("ENV_NAME").orElse(null);
        if (envName == null || envName.isBlank()) {
            throw ConfigException.of(
                    "no environment given", "pass -e ENV: it selects the ENV_NAME elements of the configuration");
        }
        Path wd = env.workingDir();
        List<OnlineDeploymentSpec> specs = new DeploymentConfigLoader()
                .load(config, config.startsWith(wd) ? wd.relativize(config) : config, request.target(), envName);
        AzureWorkspace ws = AzureWorkspaces.resolve(
                request.subscription(),
                request.resourceGroup(),
                request.workspace(),
                Variables.forUseCase(env, useCase));
        ArmClient arm = AzureWorkspaces.client(env, request.timeout(), AmlBodies.API_VERSION, progress);
        return new Targets(useCase, specs, ws, arm);
    }

    private static String endpointPath(AzureWorkspace ws, OnlineDeploymentSpec spec) {
        return ws.path("onlineEndpoints/" + spec.endpoint());
    }

    public List<EndpointState> status(AmlDeployRequest request) {
        Targets t = targets(request);
        List<EndpointState> out = new ArrayList<>();
        for (OnlineDeploymentSpec spec : t.specs()) {
            String ep = endpointPath(t.ws(), spec);
            Optional<JsonNode> endpoint = t.arm().find(ep);
            if (endpoint.isEmpty()) {
                out.add(new EndpointState(spec.endpoint(), false, "", "", Map.of(), Map.of(), List.of()));
                continue;
            }
            JsonNode p = endpoint.get().path("properties");
            List<DeploymentState> deployments = t.arm().list(ep + "/deployments").stream()
                    .map(d -> new DeploymentState(
                            d.path("name").asText(),
                            d.path("properties").path("provisioningState").asText(),
                            d.path("properties").path("instanceType").asText(),
                            d.path("sku").path("capacity").asInt()))
                    .toList();
            out.add(new EndpointState(
                    spec.endpoint(),
                    true,
                    p.path("provisioningState").asText(),
                    p.path("scoringUri").asText(),
                    AmlDeployer.ints(p.path("traffic")),
                    AmlDeployer.ints(p.path("mirrorTraffic")),
                    deployments));
        }
        return out;
    }

    /**
     * Scores {@code TEST_FILE_PATH} against {@code CURRENT_DEPLOYMENT_NAME} (or {@code deployment}) alone.
     *
     * @throws RunFailedException with the response and the log tail when it does not answer 200
     */
    public void test(AmlDeployRequest request, Optional<String> deployment) {
        Targets t = targets(request);
        SmokeTest smoke = new SmokeTest(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build());
        AmlDeployer deployer = new AmlDeployer(t.arm(), t.ws(), smoke, masker, log);
        List<String> failures = new ArrayList<>();
        for (OnlineDeploymentSpec spec : t.specs()) {
            String name = deployment.orElse(spec.deployment());
            String ep = endpointPath(t.ws(), spec);
            String body = request(t.useCase(), spec);
            JsonNode endpoint = t.arm().get(ep);
            String key = deployer.keys(ep).primary();
            SmokeTest.Result r = smoke.score(
                    URI.create(endpoint.path("properties").path("scoringUri").asText()),
                    Optional.of(key),
                    Map.of(SmokeTest.DEPLOYMENT_HEADER, name),
                    body);
            if (r.status() == 200) {
                log.accept("smoke test passed: " + spec.testFile() + " scored HTTP 200 on " + spec.endpoint() + "/"
                        + name);
            } else {
                failures.add("smoke test of " + spec.endpoint() + "/" + name + " failed: " + spec.testFile()
                        + " scored HTTP " + r.status() + ": " + r.shortBody()
                        + deployer.logsTail(ep + "/deployments/" + name));
            }
        }
        if (!failures.isEmpty()) {
            throw new RunFailedException(String.join(System.lineSeparator(), failures));
        }
    }

    /** All traffic to the current deployment, no mirror; then the prior one deleted when asked. */
    public List<Map<String, Integer>> promote(AmlDeployRequest request, boolean deletePrior) {
        Targets t = targets(request);
        AmlDeployer deployer = new AmlDeployer(t.arm(), t.ws(), null, masker, log);
        List<Map<String, Integer>> out = new ArrayList<>();
        for (OnlineDeploymentSpec spec : t.specs()) {
            String ep = endpointPath(t.ws(), spec);
            requireServing(t, spec, spec.deployment());
            JsonNode after = deployer.setTraffic(
                    ep, Map.of(spec.deployment(), 100), Optional.of(Map.of()), "promote " + spec.deployment());
            Map<String, Integer> traffic =
                    AmlDeployer.ints(after.path("properties").path("traffic"));
            log.accept("promoted " + spec.deployment() + " on " + spec.endpoint() + ": traffic "
                    + TrafficSplit.describe(traffic));
            if (deletePrior && spec.prior().isPresent()) {
                String prior = ep + "/deployments/" + spec.prior().get();
                if (t.arm().find(prior).isPresent()) {
                    log.accept("deleting prior deployment " + spec.prior().get());
                    t.arm().delete(prior, "delete deployment " + spec.prior().get());
                }
            }
            out.add(traffic);
        }
        return out;
    }

    /**
     * All traffic back to {@code PRIOR_DEPLOYMENT_NAME}, no mirror.
     *
     * @throws StateException when no prior deployment is named or it does not serve
     */
    public List<Map<String, Integer>> rollback(AmlDeployRequest request) {
        Targets t = targets(request);
        AmlDeployer deployer = new AmlDeployer(t.arm(), t.ws(), null, masker, log);
        List<Map<String, Integer>> out = new ArrayList<>();
        for (OnlineDeploymentSpec spec : t.specs()) {
            String prior = spec.prior()
                    .orElseThrow(() -> new StateException(spec.location() + ": PRIOR_DEPLOYMENT_NAME is empty, so there"
                            + " is no deployment to roll back to; traffic left as it is"));
            requireServing(t, spec, prior);
            JsonNode after = deployer.setTraffic(
                    endpointPath(t.ws(), spec), Map.of(prior, 100), Optional.of(Map.of()), "roll back to " + prior);
            Map<String, Integer> traffic =
                    AmlDeployer.ints(after.path("properties").path("traffic"));
            log.accept(
                    "rolled back " + spec.endpoint() + " to " + prior + ": traffic " + TrafficSplit.describe(traffic));
            out.add(traffic);
        }
        return out;
    }

    /** The last {@code tail} lines of each element's deployment log. */
    public Map<String, String> logs(AmlDeployRequest request, Optional<String> deployment, int tail, boolean storage) {
        Targets t = targets(request);
        Map<String, String> out = new LinkedHashMap<>();
        for (OnlineDeploymentSpec spec : t.specs()) {
            String name = deployment.orElse(spec.deployment());
            var body = AmlBodies.JSON
                    .createObjectNode()
                    .put("containerType", storage ? "StorageInitializer" : "InferenceServer")
                    .put("tail", tail);
            String content = t.arm()
                    .post(endpointPath(t.ws(), spec) + "/deployments/" + name + "/getLogs", body, true, "getLogs")
                    .path("content")
                    .asText("");
            out.put(spec.endpoint() + "/" + name, content);
        }
        return out;
    }

    /**
     * Deletes {@code CURRENT_DEPLOYMENT_NAME} (Azure refuses while it takes traffic), or the whole endpoint.
     */
    public void delete(AmlDeployRequest request, boolean endpoint) {
        Targets t = targets(request);
        for (OnlineDeploymentSpec spec : t.specs()) {
            String ep = endpointPath(t.ws(), spec);
            if (endpoint) {
                log.accept("deleting endpoint " + spec.endpoint() + " and all its deployments");
                t.arm().delete(ep, "delete endpoint " + spec.endpoint());
            } else {
                Optional<JsonNode> e = t.arm().find(ep);
                int share = e.map(n -> AmlDeployer.ints(n.path("properties").path("traffic"))
                                .getOrDefault(spec.deployment(), 0))
                        .orElse(0);
                if (share > 0) {
                    throw new StateException("deployment " + spec.deployment() + " still takes " + share + "% of "
                            + spec.endpoint() + "; move its traffic first (llmops deploy rollback or promote)");
                }
                log.accept("deleting deployment " + spec.deployment() + " of " + spec.endpoint());
                t.arm().delete(ep + "/deployments/" + spec.deployment(), "delete deployment " + spec.deployment());
            }
        }
    }

    private static void requireServing(Targets t, OnlineDeploymentSpec spec, String deployment) {
        Optional<JsonNode> d =
                t.arm().settle(endpointPath(t.ws(), spec) + "/deployments/" + deployment, "deployment " + deployment);
        String state = d.map(n -> n.path("properties").path("provisioningState").asText())
                .orElse("absent");
        if (!state.equals("Succeeded")) {
            throw new StateException(
                    "deployment " + deployment + " of " + spec.endpoint() + " is " + state + "; traffic left as it is");
        }
    }

    private static String request(Path useCase, OnlineDeploymentSpec spec) {
        Path file = useCase.resolve(spec.testFile()).normalize();
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw ConfigException.of(
                    "the smoke-test request file " + file + " does not exist",
                    "create it, or point TEST_FILE_PATH of " + spec.where() + " at one");
        }
    }
}
