package dev.llmops.deploy.webapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.ExperimentLoader;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.flow.flex.FlexInit;
import dev.llmops.image.ImagePlan;
import dev.llmops.image.ImagePlanner;
import dev.llmops.image.ImageRequest;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.secret.Placeholders;
import dev.llmops.secret.SecretMasker;
import dev.llmops.secret.Variables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides a web-app deployment before any call to Azure: reads the {@code webapp_endpoint} element, runs the same
 * checks as {@code llmops build} on the use case, and gathers the app settings from the environment and the use
 * case's {@code .env}: {@code WEBSITES_PORT=8080}, the variables the image needs ({@code <CONN>_API_KEY} and the
 * other connection values, {@code LLMOPS_SERVE_KEYS}), {@code <NAME>_API_KEY} for each {@code CONNECTION_NAMES}
 * entry, {@code environment/env.yaml}, {@code ENVIRONMENT_VARIABLES} and {@code PF_FLOW_INIT_CONFIG}.
 */
public final class WebAppPlanner {

    /** The image to deploy when {@code --image} is not given. */
    public static final String IMAGE_VARIABLE = "LLMOPS_IMAGE";

    static final String SERVE_KEYS = "LLMOPS_SERVE_KEYS";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SystemEnv env;
    private final SecretMasker masker;

    public WebAppPlanner(SystemEnv env, SecretMasker masker) {
        this.env = env;
        this.masker = masker;
    }

    /**
     * @throws ConfigException listing every problem that can be known without Azure (nothing has changed then)
     */
    public WebAppPlan plan(WebAppRequest request) {
        Path useCase = env.resolve(request.useCaseDir().toString());
        String envName = envName(request);
        WebAppEntry entry = entry(request);
        Optional<String> buildId = request.buildId().filter(s -> !s.isBlank());
        // The same checks as 'llmops build' (no secret in the use case, the variant exists); the jar is not read.
        ImagePlan image = new ImagePlanner(env, masker)
                .plan(new ImageRequest(
                        useCase,
                        envName,
                        request.experimentFile(),
                        request.variant(),
                        Path.of(ImagePlan.JAR),
                        buildId.orElse(null),
                        null));
        Experiment experiment = new ExperimentLoader()
                .load(new ExperimentRequest(useCase, envName, request.experimentFile(), false), env, masker)
                .experiment();
        Variables variables = Variables.forUseCase(env, useCase);
        List<Problem> problems = new ArrayList<>();

        String ref = request.image()
                .or(() -> variables.get(IMAGE_VARIABLE))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .or(() -> buildId.map(b -> entry.registry().toLowerCase(Locale.ROOT) + ".azurecr.io/"
                        + experiment.name() + "_" + envName + ":" + b))
                .orElse("");
        if (ref.isEmpty()) {
            problems.add(Problem.error(
                    null,
                    0,
                    0,
                    "no image to deploy",
                    "pass --image " + entry.registry().toLowerCase(Locale.ROOT) + ".azurecr.io/REPOSITORY:TAG (what"
                            + " llmops build pushed), set " + IMAGE_VARIABLE + ", or give --build-id to deploy "
                            + experiment.name() + "_" + envName + ":<build id> as the template does"));
        } else if (!ref.matches("[a-z0-9.-]+(:[0-9]+)?/[A-Za-z0-9._/@:-]+")) {
            problems.add(Problem.error(
                    null,
                    0,
                    0,
                    "--image '" + ref + "' is not an image reference with a registry",
                    "write REGISTRY/REPOSITORY:TAG, e.g. " + entry.registry().toLowerCase(Locale.ROOT) + ".azurecr.io/"
                            + experiment.name() + "_" + envName + ":42"));
        } else if (!ref.substring(0, ref.indexOf('/'))
                .startsWith(entry.registry().toLowerCase(Locale.ROOT) + ".")) {
            // The template pushed to REGISTRY_DETAILS[0] and pulled from REGISTRY_NAME: refuse the mismatch.
            problems.add(Problem.error(
                    entry.file(),
                    entry.line(),
                    0,
                    "the image " + ref + " is not in the registry " + entry.registry() + " (" + entry.where()
                            + ".REGISTRY_NAME), the only one the web app's identity is allowed to pull from",
                    "push the image to " + entry.registry().toLowerCase(Locale.ROOT) + ".azurecr.io, or set"
                            + " REGISTRY_NAME (and REGISTRY_RG_NAME) to the registry that holds it"));
        }
        if (request.slot().isPresent()) {
            String slot = request.slot().get();
            if (!slot.matches("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?") || slot.equals("production")) {
                problems.add(Problem.error(
                        null,
                        0,
                        0,
                        "--slot '" + slot + "' is not a slot name",
                        "lower-case letters, digits and dashes, e.g. staging (production is the site itself)"));
            }
            if (!entry.hasSlots()) {
                problems.add(Problem.error(
                        entry.file(),
                        entry.line(),
                        0,
                        "--slot needs deployment slots, which a " + entry.tier() + " plan has not (" + entry.where()
                                + ".WEB_APP_SKU is " + entry.sku() + ")",
                        "use a Standard or Premium size such as S1 or P1v3, or deploy without --slot (in place)"));
            }
        }

        Map<String, String> settings = new LinkedHashMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        settings.put("WEBSITES_PORT", Integer.toString(ImagePlan.PORT));
        List<String> missing = new ArrayList<>();
        for (String name : image.settings()) {
            secret(name, variables, settings, secrets, missing);
        }
        for (String connection : entry.connections()) {
            Optional<ConnectionConfig> c = experiment.connection(connection);
            if (c.isEmpty()) {
                problems.add(Problem.error(
                        entry.file(),
                        entry.line(),
                        0,
                        entry.where() + ".CONNECTION_NAMES names '" + connection + "', which the experiment has not"
                                + " (it has "
                                + String.join(
                                        ", ",
                                        experiment.connections().stream()
                                                .map(ConnectionConfig::name)
                                                .toList())
                                + ")",
                        "name the experiment's connections, or remove the entry"));
                continue;
            }
            secret(Placeholders.connectionVariable(connection, "api_key"), variables, settings, secrets, missing);
        }
        experiment.environmentVariables().forEach((k, v) -> {
            settings.put(k, v);
            if (!masker.mask(v).equals(v)) {
                secrets.add(k);
            }
        });
        entry.variables().forEach(settings::put);
        variables.get(FlexInit.INIT_VARIABLE).filter(v -> !v.isBlank()).ifPresent(v -> {
            masker.register(v);
            settings.put(FlexInit.INIT_VARIABLE, v);
            secrets.add(FlexInit.INIT_VARIABLE);
        });
        // The image listens on 8080 whatever ENVIRONMENT_VARIABLES say; App Service probes port 80 without this.
        settings.put("WEBSITES_PORT", Integer.toString(ImagePlan.PORT));
        if (!missing.isEmpty()) {
            problems.add(Problem.error(
                    null,
                    0,
                    0,
                    "the web app needs " + String.join(", ", missing) + ", not set here",
                    "export them or write them in the use case's .env (" + SERVE_KEYS + ": the keys clients send"
                            + " as Authorization: Bearer KEY)"));
        }

        Path requestFile = useCase.resolve(entry.testFile()).normalize();
        String body = "";
        try {
            body = Files.readString(requestFile);
            JSON.readTree(body);
        } catch (JsonProcessingException e) {
            problems.add(Problem.error(
                    shown(requestFile),
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    e.getLocation() == null ? 0 : e.getLocation().getColumnNr(),
                    "the smoke-test request is not valid JSON: " + e.getOriginalMessage(),
                    "TEST_FILE_PATH of " + entry.where() + " names it"));
        } catch (IOException e) {
            problems.add(Problem.error(
                    shown(requestFile),
                    0,
                    0,
                    "the smoke-test request file does not exist",
                    "create it (one request to /score), or point TEST_FILE_PATH of " + entry.where() + " at one"));
        }
        Optional<String> subscription = subscription(request);
        if (subscription.isEmpty()) {
            problems.add(Problem.error(
                    null,
                    0,
                    0,
                    "no subscription id given",
                    "pass --subscription_id or set SUBSCRIPTION_ID or AZURE_SUBSCRIPTION_ID (in the environment or"
                            + " .env)"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems, "nothing was deployed.");
        }
        Optional<String> key = Optional.ofNullable(settings.get(SERVE_KEYS))
                .flatMap(k -> java.util.Arrays.stream(k.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .findFirst());
        return new WebAppPlan(entry, subscription.get(), ref, settings, secrets, body, key, request.slot());
    }

    /**
     * The {@code webapp_endpoint} element alone, for the operations on a deployed app (status, logs, rollback,
     * delete), which need no secret.
     *
     * @throws ConfigException when the file or the element is missing or invalid
     */
    public WebAppEntry entry(WebAppRequest request) {
        Path useCase = env.resolve(request.useCaseDir().toString());
        Path config = request.configFile()
                .map(f -> env.workingDir().resolve(f))
                .orElse(useCase.resolve(WebAppEntry.RELATIVE_PATH));
        return WebAppEntry.load(config, shown(config), envName(request));
    }

    /**
     * {@code --subscription_id}, else {@code SUBSCRIPTION_ID} or {@code AZURE_SUBSCRIPTION_ID} (environment or
     * {@code .env}).
     */
    public Optional<String> subscription(WebAppRequest request) {
        Variables variables =
                Variables.forUseCase(env, env.resolve(request.useCaseDir().toString()));
        return request.subscription()
                .or(() -> variables.get("SUBSCRIPTION_ID"))
                .or(() -> variables.get("AZURE_SUBSCRIPTION_ID"))
                .map(String::strip)
                .filter(s -> !s.isEmpty());
    }

    private String envName(WebAppRequest request) {
        return Optional.ofNullable(request.env())
                .or(() -> env.get("ENV_NAME"))
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> ConfigException.of(
                        "no environment given", "pass -e ENV: it selects the webapp_endpoint element"));
    }

    private void secret(
            String name, Variables variables, Map<String, String> settings, Set<String> secrets, List<String> missing) {
        if (settings.containsKey(name)) {
            return;
        }
        Optional<String> value = variables.get(name).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            missing.add(name);
            return;
        }
        settings.put(name, value.get());
        if (isSecret(name)) {
            masker.register(value.get());
            secrets.add(name);
        }
    }

    /** Keys, passwords and tokens are secrets; a base URL or an API version is not. */
    static boolean isSecret(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return !(n.endsWith("_API_BASE")
                || n.endsWith("_ENDPOINT")
                || n.endsWith("_API_VERSION")
                || n.endsWith("_API_TYPE")
                || n.endsWith("_DEPLOYMENT"));
    }

    private Path shown(Path file) {
        Path wd = env.workingDir();
        return file.startsWith(wd) ? wd.relativize(file) : file;
    }
}
