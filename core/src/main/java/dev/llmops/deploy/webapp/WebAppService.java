package dev.llmops.deploy.webapp;

import dev.llmops.SystemEnv;
import dev.llmops.azure.ArmClient;
import dev.llmops.azure.ArmProgress;
import dev.llmops.azure.AzureWorkspaces;
import dev.llmops.azure.Sleeper;
import dev.llmops.error.ConfigException;
import dev.llmops.secret.SecretMasker;
import dev.llmops.secret.Variables;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code llmops deploy --target webapp} and its operations: plans with {@link WebAppPlanner}, then talks to
 * Resource Manager through the shared {@link ArmClient} (signing in with {@code DefaultAzureCredential}) and to
 * the site over HTTPS.
 */
public final class WebAppService {

    private final SystemEnv env;
    private final SecretMasker masker;
    private final Consumer<String> log;
    private final ArmProgress progress;

    /**
     * @param log one line per step, already free of secrets
     * @param progress every poll of a long-running operation
     */
    public WebAppService(SystemEnv env, SecretMasker masker, Consumer<String> log, ArmProgress progress) {
        this.env = env;
        this.masker = masker;
        this.log = log;
        this.progress = progress;
    }

    /** The calls {@link #deploy} would make, with their bodies and secrets masked; nothing is sent. */
    public String dryRun(WebAppRequest request) {
        return WebAppDryRun.render(new WebAppPlanner(env, masker).plan(request));
    }

    /** @see WebAppDeployer#deploy */
    public DeployedWebApp deploy(WebAppRequest request, boolean swap) {
        WebAppPlan plan = new WebAppPlanner(env, masker).plan(request);
        log.accept("deploying " + plan.image() + " to web app " + plan.entry().app()
                + plan.slot().map(s -> " through slot " + s).orElse("") + " ("
                + plan.entry().where() + ")");
        return new WebAppDeployer(arm(request), http(), Sleeper.REAL, request.timeout(), log).deploy(plan, swap);
    }

    public WebAppOperations.Status status(WebAppRequest request) {
        WebAppPlanner planner = new WebAppPlanner(env, masker);
        return operations(request).status(planner.entry(request), subscription(planner, request));
    }

    /** Smoke-tests production, or {@code --slot}, with {@code TEST_FILE_PATH} and a key of LLMOPS_SERVE_KEYS. */
    public void test(WebAppRequest request) {
        WebAppPlanner planner = new WebAppPlanner(env, masker);
        WebAppEntry entry = planner.entry(request);
        Map.Entry<String, String> smoke = smoke(request, entry);
        operations(request)
                .test(entry, subscription(planner, request), request.slot(), smoke.getKey(), smoke.getValue());
    }

    /**
     * Swaps {@code --slot} (default {@code staging}) with production: a rollback after a deployment through the
     * slot, or a promotion after {@code --no-swap}, which smoke-tests the slot first.
     */
    public Optional<String> swap(WebAppRequest request, boolean testFirst) {
        WebAppPlanner planner = new WebAppPlanner(env, masker);
        WebAppEntry entry = planner.entry(request);
        return operations(request)
                .swap(
                        entry,
                        subscription(planner, request),
                        request.slot().orElse("staging"),
                        testFirst ? Optional.of(smoke(request, entry)) : Optional.empty());
    }

    /** The serving key (null when none) and the request body of the smoke test. */
    private Map.Entry<String, String> smoke(WebAppRequest request, WebAppEntry entry) {
        Path useCase = env.resolve(request.useCaseDir().toString());
        Path file = useCase.resolve(entry.testFile()).normalize();
        String body;
        try {
            body = Files.readString(file);
        } catch (IOException e) {
            throw ConfigException.at(
                    file, 0, 0, "the smoke-test request file does not exist", "TEST_FILE_PATH of " + entry.where());
        }
        String key = Variables.forUseCase(env, useCase)
                .get(WebAppPlanner.SERVE_KEYS)
                .flatMap(k -> Arrays.stream(k.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .findFirst())
                .orElse(null);
        if (key != null) {
            masker.register(key);
        }
        return new java.util.AbstractMap.SimpleEntry<>(key, body);
    }

    public String logs(WebAppRequest request, int lines) {
        WebAppPlanner planner = new WebAppPlanner(env, masker);
        return operations(request).logs(planner.entry(request), subscription(planner, request), request.slot(), lines);
    }

    public void delete(WebAppRequest request) {
        WebAppPlanner planner = new WebAppPlanner(env, masker);
        operations(request).delete(planner.entry(request), subscription(planner, request), request.slot());
    }

    private WebAppOperations operations(WebAppRequest request) {
        return new WebAppOperations(arm(request), http(), Sleeper.REAL, request.timeout(), log);
    }

    private static String subscription(WebAppPlanner planner, WebAppRequest request) {
        return planner.subscription(request)
                .orElseThrow(() -> ConfigException.of(
                        "no subscription id given",
                        "pass --subscription_id or set SUBSCRIPTION_ID or AZURE_SUBSCRIPTION_ID (in the environment"
                                + " or .env)"));
    }

    private ArmClient arm(WebAppRequest request) {
        return AzureWorkspaces.client(env, request.timeout(), WebAppBodies.WEB_API, progress);
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    }
}
