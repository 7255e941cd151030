package dev.llmops.deploy.kubernetes;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.ExperimentLoader;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.flow.flex.FlexInit;
import dev.llmops.image.ImagePlan;
import dev.llmops.image.ImagePlanner;
import dev.llmops.image.ImageRequest;
import dev.llmops.secret.SecretMasker;
import dev.llmops.secret.Variables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides what a plain-Kubernetes deployment of a use case puts on the cluster: the values of the Secret (connection
 * keys, {@code LLMOPS_SERVE_KEYS}, secret {@code env.yaml} values, {@code PF_FLOW_INIT_CONFIG}) and of the ConfigMap
 * ({@code env.yaml} literals, {@code ENVIRONMENT_VARIABLES}, {@code BUILD_INFO}), the labels and the smoke test.
 * Values come from the environment and the use case's {@code .env} files, as for {@code llmops run}; none of them
 * goes into a Deployment's spec.
 */
public final class KubernetesPlanner {

    /** The variable whose first key the smoke test sends. */
    static final String SERVE_KEYS = "LLMOPS_SERVE_KEYS";

    private final SystemEnv env;
    private final SecretMasker masker;

    public KubernetesPlanner(SystemEnv env, SecretMasker masker) {
        this.env = env;
        this.masker = masker;
    }

    /** The configuration element only, for the operations on a deployed endpoint. */
    public KubernetesEntry entry(KubernetesRequest request) {
        Path useCase = env.resolve(request.useCaseDir().toString());
        String envName = Optional.ofNullable(request.envName())
                .or(() -> env.get("ENV_NAME").filter(s -> !s.isBlank()))
                .orElse(null);
        return KubernetesEntry.load(useCase, request.config(), envName);
    }

    /**
     * @throws ConfigException when the experiment does not load, the image could not serve it (as {@code llmops
     *     build} would refuse), the {@code kubernetes_endpoint} element is missing or invalid, or the smoke-test
     *     request file is missing
     */
    public KubernetesPlan plan(KubernetesRequest request) {
        // The same checks as 'llmops build' (no secret in the use case, the variant exists); the jar is not read.
        ImagePlan image = new ImagePlanner(env, masker)
                .plan(new ImageRequest(
                        request.useCaseDir(),
                        request.envName(),
                        request.fileName(),
                        request.variant(),
                        Path.of(ImagePlan.JAR),
                        request.buildId(),
                        null));
        Experiment experiment = new ExperimentLoader()
                .load(
                        new ExperimentRequest(request.useCaseDir(), request.envName(), request.fileName(), false),
                        env,
                        masker)
                .experiment();
        KubernetesEntry entry = KubernetesEntry.load(
                experiment.useCaseDir(), request.config(), image.env().orElse(null));
        Variables variables = Variables.forUseCase(env, experiment.useCaseDir());

        Map<String, String> secret = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : image.settings()) {
            Optional<String> value = variables.get(name).filter(v -> !v.isEmpty());
            value.ifPresent(masker::register);
            if (value.isEmpty()) {
                missing.add(name);
            }
            secret.put(name, value.orElse(""));
        }
        variables.get(FlexInit.INIT_VARIABLE).filter(v -> !v.isBlank()).ifPresent(v -> {
            masker.register(v);
            secret.put(FlexInit.INIT_VARIABLE, v);
        });
        Map<String, String> plain = new LinkedHashMap<>();
        experiment.environmentVariables().forEach((k, v) -> {
            if (masker.mask(v).equals(v)) {
                plain.put(k, v);
            } else {
                secret.put(k, v);
            }
        });
        plain.putAll(entry.variables());
        plain.putAll(image.environment());
        plain.keySet().removeAll(secret.keySet());

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KubernetesObjects.NAME, entry.endpoint());
        labels.put(KubernetesObjects.MANAGED_BY, "llmops");
        labels.put(KubernetesObjects.EXPERIMENT, labelValue(experiment.name()));
        image.env().ifPresent(e -> labels.put(KubernetesObjects.ENV, labelValue(e)));
        Optional.ofNullable(request.buildId())
                .map(KubernetesPlanner::labelValue)
                .filter(s -> !s.isEmpty())
                .ifPresent(b -> labels.put(KubernetesObjects.BUILD_ID, b));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("llmops.dev/experiment-name", experiment.name());
        annotations.put("llmops.dev/image", request.image());
        Optional.ofNullable(request.buildId()).ifPresent(b -> annotations.put("llmops.dev/build-id", b));

        Optional<String> serveKey = Optional.ofNullable(secret.get(SERVE_KEYS)).flatMap(KubernetesPlanner::firstKey);
        return new KubernetesPlan(
                entry,
                request.image(),
                request.namespace(),
                secret,
                plain,
                labels,
                annotations,
                missing,
                smokeRequest(experiment.useCaseDir(), entry),
                serveKey);
    }

    /** The smoke-test request and the serving key to send with it, for {@code deploy test}. */
    public java.util.Map.Entry<String, Optional<String>> smoke(KubernetesRequest request, KubernetesEntry entry) {
        Path useCase = env.resolve(request.useCaseDir().toString());
        Optional<String> key =
                Variables.forUseCase(env, useCase).get(SERVE_KEYS).flatMap(KubernetesPlanner::firstKey);
        key.ifPresent(masker::register);
        return java.util.Map.entry(smokeRequest(useCase, entry), key);
    }

    private static Optional<String> firstKey(String keys) {
        return java.util.Arrays.stream(keys.split("[,\\n]"))
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .findFirst();
    }

    private static String smokeRequest(Path useCase, KubernetesEntry entry) {
        Path file = useCase.resolve(entry.testFile()).normalize();
        if (!Files.isRegularFile(file)) {
            throw ConfigException.at(
                    file,
                    0,
                    0,
                    "the smoke-test request file does not exist",
                    "create it (one request to /score), or point TEST_FILE_PATH of " + entry.where() + " at one");
        }
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A label value: at most 63 of {@code [A-Za-z0-9-_.]}, starting and ending alphanumeric. */
    static String labelValue(String s) {
        String v = s.replaceAll("[^A-Za-z0-9._-]", "-");
        if (v.length() > 63) {
            v = v.substring(0, 63);
        }
        return v.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }
}
