package dev.llmops.deploy.aml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.SystemEnv;
import dev.llmops.azure.ArmClient;
import dev.llmops.azure.ArmProgress;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.azure.AzureWorkspaces;
import dev.llmops.azure.BlobStore;
import dev.llmops.deploy.DeploymentConfigLoader;
import dev.llmops.deploy.OnlineDeploymentSpec;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.ExperimentLoader;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.secret.SecretMasker;
import dev.llmops.secret.Variables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code llmops deploy}: checks everything that can be checked without Azure (configuration, experiment, image,
 * request files, workspace settings), then deploys each matching configuration element with {@link AmlDeployer}
 * and writes the JSON summary.
 */
public final class AmlDeployService {

    /** The image to deploy when {@code --image} is not given (the CI pipelines set it after {@code llmops build}). */
    public static final String IMAGE_VARIABLE = "LLMOPS_IMAGE";

    private final SystemEnv env;
    private final SecretMasker masker;
    private final Consumer<String> log;
    private final ArmProgress progress;

    /**
     * @param log receives one line per step (already free of secrets)
     * @param progress receives every poll of a long-running operation
     */
    public AmlDeployService(SystemEnv env, SecretMasker masker, Consumer<String> log, ArmProgress progress) {
        this.env = env;
        this.masker = masker;
        this.log = log;
        this.progress = progress;
    }

    /** Everything {@link #deploy} checks before it calls Azure. */
    record Checked(
            Path useCase,
            List<OnlineDeploymentSpec> specs,
            Experiment experiment,
            Variables variables,
            AzureWorkspace workspace,
            String image,
            Map<OnlineDeploymentSpec, String> requests,
            String envName) {}

    /**
     * @throws ConfigException before any change, for every problem that can be known up front
     * @throws dev.llmops.error.RunFailedException when a deployment failed or its smoke test did not answer 200
     *     (traffic is left as it was)
     * @throws dev.llmops.azure.ArmException when Azure refused a call
     */
    public List<DeployedEndpoint> deploy(AmlDeployRequest request) {
        Checked c = check(request);
        ArmClient arm = AzureWorkspaces.client(env, request.timeout(), AmlBodies.API_VERSION, progress);
        AmlDeployer deployer = new AmlDeployer(
                arm,
                c.workspace(),
                new SmokeTest(HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(30))
                        .build()),
                log);
        String modelName = c.experiment().name() + "_" + c.envName();
        ModelRegistrar registrar = new ModelRegistrar(
                arm, c.workspace(), new BlobStore(), env.get(BlobStore.BLOB_ENDPOINT_VARIABLE), masker, log);
        AtomicReference<Optional<String>> registered = new AtomicReference<>();
        Supplier<Optional<String>> model = () -> {
            if (registered.get() == null) {
                registered.set(Optional.of(registrar
                        .register(
                                modelName,
                                FlowSnapshot.of(c.experiment().flowDir()),
                                c.experiment().name(),
                                request.buildId())
                        .id()));
            }
            return registered.get();
        };
        List<DeployedEndpoint> done = new ArrayList<>();
        for (OnlineDeploymentSpec spec : c.specs()) {
            log.accept("deploying " + spec.deployment() + " to " + spec.target().id() + " endpoint " + spec.endpoint()
                    + " (" + spec.where() + ")");
            Map<String, String> variables =
                    DeploymentVariables.of(spec, c.experiment(), c.variables(), c.workspace(), masker);
            done.add(deployer.deploy(
                    spec,
                    new AmlDeployer.Inputs(
                            c.image(),
                            c.experiment().name(),
                            request.buildId(),
                            model,
                            variables,
                            c.requests().get(spec),
                            request.mirror())));
        }
        request.outputFile().ifPresent(out -> writeSummary(env.workingDir().resolve(out), c.workspace(), done));
        return done;
    }

    Checked check(AmlDeployRequest request) {
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
        List<OnlineDeploymentSpec> specs =
                new DeploymentConfigLoader().load(config, shown(config), request.target(), envName);
        Experiment experiment = new ExperimentLoader()
                .load(new ExperimentRequest(useCase, envName, request.experimentFile(), true), env, masker)
                .experiment();
        List<Problem> problems = new ArrayList<>();
        Variables variables = Variables.forUseCase(env, useCase);
        String image = request.image()
                .or(() -> variables.get(IMAGE_VARIABLE))
                .map(String::strip)
                .orElse("");
        if (image.isEmpty()) {
            problems.add(Problem.error(
                    null,
                    0,
                    0,
                    "no image to deploy",
                    "pass --image REGISTRY/REPOSITORY:TAG or set " + IMAGE_VARIABLE
                            + " (an image of the flow built with llmops build and pushed to"
                            + " a registry the workspace can pull from)"));
        } else if (!image.matches("[A-Za-z0-9._:/@-]+")) {
            problems.add(Problem.error(null, 0, 0, "--image '" + image + "' is not an image reference", null));
        }
        if (request.mirror() < 0 || request.mirror() > 50) {
            problems.add(Problem.error(
                    null, 0, 0, "--mirror " + request.mirror() + " is out of range", "Azure allows 0 to 50 percent"));
        }
        Map<OnlineDeploymentSpec, String> requests = new LinkedHashMap<>();
        for (OnlineDeploymentSpec spec : specs) {
            Path file = useCase.resolve(spec.testFile()).normalize();
            try {
                String body = Files.readString(file);
                AmlBodies.JSON.readTree(body);
                requests.put(spec, body);
            } catch (JsonProcessingException e) {
                problems.add(Problem.error(
                        shown(file),
                        e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                        e.getLocation() == null ? 0 : e.getLocation().getColumnNr(),
                        "the smoke-test request is not valid JSON: " + e.getOriginalMessage(),
                        "TEST_FILE_PATH of " + spec.where() + " names it"));
            } catch (IOException e) {
                problems.add(Problem.error(
                        shown(file),
                        0,
                        0,
                        "the smoke-test request file does not exist",
                        "create it (one request to /score), or point TEST_FILE_PATH of " + spec.where() + " at one"));
            }
        }
        AzureWorkspace ws;
        try {
            ws = AzureWorkspaces.resolve(
                    request.subscription(), request.resourceGroup(), request.workspace(), variables);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            ws = null;
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems, "nothing was deployed.");
        }
        return new Checked(useCase, specs, experiment, variables, ws, image, requests, envName);
    }

    private Path shown(Path file) {
        Path wd = env.workingDir();
        return file.startsWith(wd) ? wd.relativize(file) : file;
    }

    static void writeSummary(Path file, AzureWorkspace ws, List<DeployedEndpoint> done) {
        ObjectNode root = AmlBodies.JSON.createObjectNode();
        root.put("subscription_id", ws.subscriptionId())
                .put("resource_group", ws.resourceGroup())
                .put("workspace", ws.name());
        ArrayNode list = root.putArray("deployments");
        for (DeployedEndpoint d : done) {
            ObjectNode o = list.addObject();
            o.put("endpoint", d.endpoint()).put("deployment", d.deployment()).put("scoring_uri", d.scoringUri());
            ObjectNode t = o.putObject("traffic");
            d.traffic().forEach(t::put);
            ObjectNode m = o.putObject("mirror_traffic");
            d.mirrorTraffic().forEach(m::put);
            d.modelVersion().ifPresentOrElse(v -> o.put("model_version", v), () -> o.putNull("model_version"));
            o.put("environment", d.environment());
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".deploy-summary", ".tmp");
            Files.writeString(
                    tmp, AmlBodies.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the deploy summary " + file, e);
        }
    }
}
