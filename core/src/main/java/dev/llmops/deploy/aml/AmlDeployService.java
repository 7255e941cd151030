package dev.llmops.deploy.aml;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.SystemEnv;
import dev.llmops.azure.ArmClient;
import dev.llmops.azure.ArmProgress;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.azure.AzureWorkspaces;
import dev.llmops.azure.BlobStore;
import dev.llmops.deploy.OnlineDeploymentSpec;
import dev.llmops.error.ConfigException;
import dev.llmops.image.ImageOptions;
import dev.llmops.image.ImageRequest;
import dev.llmops.image.ImageResult;
import dev.llmops.image.ImageService;
import dev.llmops.image.ImageTarget;
import dev.llmops.secret.SecretMasker;
import dev.llmops.serve.SmokeTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code llmops deploy}: checks everything that can be checked without Azure ({@link AmlPlanner}: configuration,
 * experiment, image, request files, workspace settings, connection variables), builds the image when asked to,
 * then deploys each matching configuration element with {@link AmlDeployer} and writes the JSON summary; or, for
 * {@code --dry-run}, prints the calls it would make ({@link AmlDryRun}).
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

    /**
     * @throws ConfigException before any change, for every problem that can be known up front (including a
     *     connection variable the deployed flow needs that is neither set nor in the Key Vault)
     * @throws dev.llmops.error.RunFailedException when a deployment failed or its smoke test did not answer 200
     *     (traffic is left as it was)
     * @throws dev.llmops.azure.ArmException when Azure refused a call
     */
    public List<DeployedEndpoint> deploy(AmlDeployRequest request) {
        AmlPlan plan = new AmlPlanner(env, masker).plan(request, false);
        String image = image(plan, request);
        ArmClient arm = AzureWorkspaces.client(env, request.timeout(), AmlBodies.API_VERSION, progress);
        AzureWorkspace ws = plan.workspace();
        AmlDeployer deployer = new AmlDeployer(
                arm,
                ws,
                new SmokeTest(HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(30))
                        .build()),
                masker,
                log);
        ModelRegistrar registrar =
                new ModelRegistrar(arm, ws, new BlobStore(), env.get(BlobStore.BLOB_ENDPOINT_VARIABLE), masker, log);
        AtomicReference<Optional<String>> registered = new AtomicReference<>();
        Supplier<Optional<String>> model = () -> {
            if (registered.get() == null) {
                registered.set(Optional.of(registrar
                        .register(
                                plan.modelName(),
                                FlowSnapshot.of(plan.experiment().flowDir()),
                                plan.experiment().name(),
                                plan.buildId())
                        .id()));
            }
            return registered.get();
        };
        List<DeployedEndpoint> done = new ArrayList<>();
        for (AmlPlan.Element element : plan.elements()) {
            OnlineDeploymentSpec spec = element.spec();
            log.accept("deploying " + spec.deployment() + " to " + spec.target().id() + " endpoint " + spec.endpoint()
                    + " (" + spec.where() + ")");
            if (!element.variables().references().isEmpty()) {
                log.accept("  from Key Vault: "
                        + String.join(", ", element.variables().references()));
            }
            done.add(deployer.deploy(
                    spec,
                    new AmlDeployer.Inputs(
                            image,
                            plan.experiment().name(),
                            plan.buildId(),
                            model,
                            element.variables().values(),
                            element.request(),
                            plan.mirror())));
        }
        request.outputFile().ifPresent(out -> writeSummary(env.workingDir().resolve(out), ws, done));
        return done;
    }

    /**
     * The calls {@link #deploy} would make, in order, with their bodies (secrets as {@code ***}): nothing is read or
     * sent, no sign-in is needed. The same checks run first.
     *
     * @throws ConfigException for the problems {@link #deploy} would stop at (missing workspace settings and a
     *     missing image become placeholders instead)
     */
    public String dryRun(AmlDeployRequest request) {
        return AmlDryRun.render(new AmlPlanner(env, masker).plan(request, true));
    }

    /** The image reference to deploy: the given one, or the digest of the one built now. */
    private String image(AmlPlan plan, AmlDeployRequest request) {
        return switch (plan.image()) {
            case AmlPlan.Image.Given g -> g.reference();
            case AmlPlan.Image.Built b -> {
                AmlImageBuild how = b.how();
                log.accept("building the image " + b.repository() + ":" + b.tag());
                ImageRequest build = new ImageRequest(
                        plan.useCase(),
                        plan.envName(),
                        request.experimentFile(),
                        how.variant().orElse(null),
                        how.jar(),
                        plan.buildId().orElse(null),
                        how.gitSha().orElse(null));
                ImageOptions options = new ImageOptions(
                        b.repository() + ":" + b.tag(),
                        new ImageTarget.Registry(),
                        how.base(),
                        how.insecure(),
                        how.cacheDir());
                ImageResult built = new ImageService(env, masker, line -> log.accept("  build: " + line))
                        .build(build, Optional.of(options), Optional.empty())
                        .image()
                        .orElseThrow();
                String ref = b.repository() + "@" + built.digest();
                log.accept("  pushed " + b.repository() + ":" + b.tag() + "; deploying " + ref);
                yield ref;
            }
        };
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
