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
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides the objects of a plain-Kubernetes deployment of a use case: a Secret with the values the container
 * needs (connection keys, {@code LLMOPS_SERVE_KEYS}, secret {@code env.yaml} values, {@code PF_FLOW_INIT_CONFIG}),
 * a ConfigMap with the plain ones ({@code env.yaml} literals, {@code ENVIRONMENT_VARIABLES}, {@code BUILD_INFO}),
 * a Deployment of the image and a ClusterIP Service. Values come from the environment and the use case's
 * {@code .env} files, as for {@code llmops run}; none of them goes into the Deployment's spec.
 */
public final class KubernetesPlanner {

    /** Label keys. */
    public static final String NAME = "app.kubernetes.io/name";

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String EXPERIMENT = "llmops.dev/experiment";
    public static final String ENV = "llmops.dev/env";
    public static final String BUILD_ID = "llmops.dev/build-id";
    public static final String SLOT = "llmops.dev/slot";

    /** Pod template annotation: a digest of the Secret and ConfigMap data, so a changed value rolls the pods. */
    public static final String CONFIG_DIGEST = "llmops.dev/config-digest";

    private final SystemEnv env;
    private final SecretMasker masker;

    public KubernetesPlanner(SystemEnv env, SecretMasker masker) {
        this.env = env;
        this.masker = masker;
    }

    /**
     * @throws ConfigException when the experiment does not load, the image could not serve it (as {@code llmops
     *     build} would refuse), or the {@code kubernetes_endpoint} element is missing or invalid
     */
    public KubernetesPlan plan(KubernetesRequest request) {
        // The same checks as 'llmops build' (no secret in the use case, the variant exists); the jar is not read.
        ImagePlan image = new ImagePlanner(env, masker)
                .plan(new ImageRequest(
                        request.useCaseDir(),
                        request.envName(),
                        request.fileName(),
                        request.variant(),
                        java.nio.file.Path.of(ImagePlan.JAR),
                        request.buildId(),
                        null));
        Experiment experiment = new ExperimentLoader()
                .load(
                        new ExperimentRequest(request.useCaseDir(), request.envName(), request.fileName(), false),
                        env,
                        masker)
                .experiment();
        KubernetesEntry entry =
                KubernetesEntry.load(experiment.useCaseDir(), image.env().orElse(null));
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
        labels.put(NAME, entry.endpoint());
        labels.put(MANAGED_BY, "llmops");
        labels.put(EXPERIMENT, labelValue(experiment.name()));
        image.env().ifPresent(e -> labels.put(ENV, labelValue(e)));
        Optional.ofNullable(request.buildId())
                .map(KubernetesPlanner::labelValue)
                .filter(s -> !s.isEmpty())
                .ifPresent(b -> labels.put(BUILD_ID, b));
        labels.put(SLOT, entry.deployment());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("llmops.dev/experiment-name", experiment.name());
        annotations.put("llmops.dev/image", request.image());
        Optional.ofNullable(request.buildId()).ifPresent(b -> annotations.put("llmops.dev/build-id", b));

        String name = entry.deploymentName();
        Secret secretObject = new SecretBuilder()
                .withNewMetadata()
                .withName(name + "-secrets")
                .withNamespace(request.namespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .withType("Opaque")
                .withStringData(secret)
                .build();
        ConfigMap configMap = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name + "-env")
                .withNamespace(request.namespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .withData(plain)
                .build();
        Map<String, String> selector = Map.of(NAME, entry.endpoint(), SLOT, entry.deployment());
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(request.namespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withReplicas(entry.replicas())
                .withRevisionHistoryLimit(5)
                .withNewSelector()
                .withMatchLabels(selector)
                .endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1))
                .withMaxUnavailable(new IntOrString(0))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .withAnnotations(Map.of(CONFIG_DIGEST, digest(secret, plain)))
                .endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withTerminationGracePeriodSeconds(60L)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(10001L)
                .withRunAsGroup(10001L)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                .withName("flow")
                .withImage(request.image())
                .addNewPort()
                .withName("http")
                .withContainerPort(ImagePlan.PORT)
                .endPort()
                .addNewEnvFrom()
                .withNewConfigMapRef()
                .withName(configMap.getMetadata().getName())
                .endConfigMapRef()
                .endEnvFrom()
                .addNewEnvFrom()
                .withNewSecretRef()
                .withName(secretObject.getMetadata().getName())
                .endSecretRef()
                .endEnvFrom()
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity(entry.cpu()), "memory", new Quantity(entry.memory())))
                .withLimits(Map.of("cpu", new Quantity(entry.cpu()), "memory", new Quantity(entry.memory())))
                .endResources()
                // The JVM and a flow's python start take a while: a startup budget of 5 min, then quick checks.
                .withStartupProbe(health(5, 5, 60))
                .withReadinessProbe(health(0, 10, 3))
                .withLivenessProbe(health(0, 20, 3))
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        Service service = new ServiceBuilder()
                .withNewMetadata()
                .withName(entry.endpoint())
                .withNamespace(request.namespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(selector)
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withTargetPort(new IntOrString("http"))
                .endPort()
                .endSpec()
                .build();
        return new KubernetesPlan(entry, List.of(secretObject, configMap, deployment, service), missing);
    }

    private static Probe health(int initialDelay, int period, int failures) {
        return new ProbeBuilder()
                .withHttpGet(new HTTPGetActionBuilder()
                        .withPath("/health")
                        .withPort(new IntOrString("http"))
                        .build())
                .withInitialDelaySeconds(initialDelay)
                .withPeriodSeconds(period)
                .withTimeoutSeconds(3)
                .withFailureThreshold(failures)
                .build();
    }

    /** A label value: at most 63 of {@code [A-Za-z0-9-_.]}, starting and ending alphanumeric. */
    static String labelValue(String s) {
        String v = s.replaceAll("[^A-Za-z0-9._-]", "-");
        if (v.length() > 63) {
            v = v.substring(0, 63);
        }
        return v.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    private static String digest(Map<String, String> secret, Map<String, String> plain) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map<String, String> m : List.of(new TreeMap<>(secret), new TreeMap<>(plain))) {
                m.forEach((k, v) -> {
                    sha.update(k.getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                    sha.update(v.getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                });
                sha.update((byte) 1);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
