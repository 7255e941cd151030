package dev.llmops.deploy.kubernetes;

import dev.llmops.image.ImagePlan;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects llmops puts on a cluster. Per slot: a Secret {@code <endpoint>-<slot>-secrets}, a ConfigMap
 * {@code <endpoint>-<slot>-env}, a Deployment {@code <endpoint>-<slot>}, a Service {@code <endpoint>-<slot>}
 * selecting only that slot (for its smoke test and the Ingress canary), and optionally an autoscaler. Per
 * endpoint: the Service {@code <endpoint>} clients call, whose selector decides which slot serves, and optionally
 * an Ingress {@code <endpoint>} in front of it and an NGINX canary Ingress {@code <endpoint>-canary}.
 */
public final class KubernetesObjects {

    /** Label keys. */
    public static final String NAME = "app.kubernetes.io/name";

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String EXPERIMENT = "llmops.dev/experiment";
    public static final String ENV = "llmops.dev/env";
    public static final String BUILD_ID = "llmops.dev/build-id";
    public static final String SLOT = "llmops.dev/slot";

    /** Pod template annotation: a digest of the Secret and ConfigMap data, so a changed value rolls the pods. */
    public static final String CONFIG_DIGEST = "llmops.dev/config-digest";

    /** Deployment annotation: the release number of the slot, one more than the highest before it. */
    public static final String RELEASE = "llmops.dev/release";

    /** Endpoint Service annotation: the slot with the main share (the one a rollback of a canary returns to). */
    public static final String STABLE_SLOT = "llmops.dev/stable-slot";

    /** The container's name. */
    public static final String CONTAINER = "flow";

    /** The port of every Service. */
    public static final int SERVICE_PORT = 80;

    /** NGINX Ingress' canary annotations. */
    public static final String CANARY = "nginx.ingress.kubernetes.io/canary";

    public static final String CANARY_WEIGHT = "nginx.ingress.kubernetes.io/canary-weight";

    private KubernetesObjects() {}

    /** The Secret, ConfigMap, Deployment, Service and (when configured) autoscaler of a slot, in apply order. */
    static List<HasMetadata> slot(KubernetesPlan plan, String slot, int replicas, int release) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(secret(plan, slot));
        objects.add(configMap(plan, slot));
        objects.add(deployment(plan, slot, replicas, release));
        objects.add(slotService(plan, slot));
        plan.entry().autoscale().ifPresent(a -> objects.add(autoscaler(plan, slot)));
        return objects;
    }

    /** The labels a Deployment's pods carry and its Service selects. */
    public static Map<String, String> selector(KubernetesEntry entry, String slot) {
        return Map.of(NAME, entry.endpoint(), SLOT, slot);
    }

    /** Every pod of the endpoint, whatever its slot: the endpoint Service's selector for a split by pod count. */
    public static Map<String, String> everySlot(KubernetesEntry entry) {
        return Map.of(NAME, entry.endpoint());
    }

    /** What selects everything llmops created for the endpoint. */
    public static Map<String, String> ownedBy(KubernetesEntry entry) {
        return Map.of(NAME, entry.endpoint(), MANAGED_BY, "llmops");
    }

    static String secretName(KubernetesEntry entry, String slot) {
        return entry.deploymentName(slot) + "-secrets";
    }

    static String configMapName(KubernetesEntry entry, String slot) {
        return entry.deploymentName(slot) + "-env";
    }

    /** The canary Ingress' name. */
    public static String canaryName(KubernetesEntry entry) {
        return entry.endpoint() + "-canary";
    }

    private static ObjectMeta meta(KubernetesPlan plan, String name, String slot) {
        Map<String, String> labels = new LinkedHashMap<>(plan.labels());
        if (slot != null) {
            labels.put(SLOT, slot);
        }
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(plan.namespace())
                .withLabels(labels)
                .withAnnotations(new LinkedHashMap<>(plan.annotations()))
                .build();
    }

    static Secret secret(KubernetesPlan plan, String slot) {
        return new SecretBuilder()
                .withMetadata(meta(plan, secretName(plan.entry(), slot), slot))
                .withType("Opaque")
                .withStringData(new TreeMap<>(plan.secret()))
                .build();
    }

    static ConfigMap configMap(KubernetesPlan plan, String slot) {
        return new ConfigMapBuilder()
                .withMetadata(meta(plan, configMapName(plan.entry(), slot), slot))
                .withData(new LinkedHashMap<>(plan.plain()))
                .build();
    }

    static Deployment deployment(KubernetesPlan plan, String slot, int replicas, int release) {
        KubernetesEntry entry = plan.entry();
        ObjectMeta meta = meta(plan, entry.deploymentName(slot), slot);
        meta.getAnnotations().put(RELEASE, Integer.toString(release));
        Map<String, String> podLabels = new LinkedHashMap<>(plan.labels());
        podLabels.put(SLOT, slot);
        Quantity cpu = new Quantity(entry.cpu());
        Quantity memory = new Quantity(entry.memory());
        return new DeploymentBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withReplicas(replicas)
                .withRevisionHistoryLimit(5)
                // The controller marks a rollout failed (ProgressDeadlineExceeded) after 10 min without progress.
                .withProgressDeadlineSeconds(600)
                .withNewSelector()
                .withMatchLabels(selector(entry, slot))
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
                .withLabels(podLabels)
                .withAnnotations(Map.of(CONFIG_DIGEST, digest(plan.secret(), plan.plain())))
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
                .withName(CONTAINER)
                .withImage(plan.image())
                .addNewPort()
                .withName("http")
                .withContainerPort(ImagePlan.PORT)
                .endPort()
                .addNewEnvFrom()
                .withNewConfigMapRef()
                .withName(configMapName(entry, slot))
                .endConfigMapRef()
                .endEnvFrom()
                .addNewEnvFrom()
                .withNewSecretRef()
                .withName(secretName(entry, slot))
                .endSecretRef()
                .endEnvFrom()
                .withNewResources()
                .withRequests(Map.of("cpu", cpu, "memory", memory))
                .withLimits(Map.of("cpu", cpu, "memory", memory))
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
    }

    static Service slotService(KubernetesPlan plan, String slot) {
        return service(plan, plan.entry().deploymentName(slot), slot, selector(plan.entry(), slot));
    }

    /**
     * The Service clients call.
     *
     * @param selector which pods serve: one slot's, or {@link #everySlot} for a split by pod count
     * @param stable the slot with the main share
     */
    public static Service mainService(KubernetesPlan plan, Map<String, String> selector, String stable) {
        Service s = service(plan, plan.entry().endpoint(), null, selector);
        s.getMetadata().getAnnotations().put(STABLE_SLOT, stable);
        return s;
    }

    private static Service service(KubernetesPlan plan, String name, String slot, Map<String, String> selector) {
        return new ServiceBuilder()
                .withMetadata(meta(plan, name, slot))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(new LinkedHashMap<>(selector))
                .addNewPort()
                .withName("http")
                .withPort(SERVICE_PORT)
                .withTargetPort(new IntOrString("http"))
                .endPort()
                .endSpec()
                .build();
    }

    static HorizontalPodAutoscaler autoscaler(KubernetesPlan plan, String slot) {
        KubernetesEntry.Autoscale a = plan.entry().autoscale().orElseThrow();
        return new HorizontalPodAutoscalerBuilder()
                .withMetadata(meta(plan, plan.entry().deploymentName(slot), slot))
                .withNewSpec()
                .withMinReplicas(a.min())
                .withMaxReplicas(a.max())
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(plan.entry().deploymentName(slot))
                .endScaleTargetRef()
                .addNewMetric()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewTarget()
                .withType("Utilization")
                .withAverageUtilization(a.cpuUtilization())
                .endTarget()
                .endResource()
                .endMetric()
                .endSpec()
                .build();
    }

    /** The Ingress in front of the endpoint Service. */
    public static Ingress ingress(KubernetesPlan plan) {
        return ingress(plan, plan.entry().endpoint(), plan.entry().endpoint(), Map.of());
    }

    /** The NGINX canary Ingress sending {@code weight}% of the host's requests to the slot's Service. */
    public static Ingress canaryIngress(KubernetesPlan plan, String slot, int weight) {
        return ingress(
                plan,
                canaryName(plan.entry()),
                plan.entry().deploymentName(slot),
                Map.of(CANARY, "true", CANARY_WEIGHT, Integer.toString(weight)));
    }

    private static Ingress ingress(KubernetesPlan plan, String name, String service, Map<String, String> extra) {
        KubernetesEntry.IngressConfig c = plan.entry().ingress().orElseThrow();
        ObjectMeta meta = meta(plan, name, null);
        meta.getAnnotations().putAll(extra);
        IngressBuilder b = new IngressBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withIngressClassName(c.className())
                .addNewRule()
                .withHost(c.host())
                .withNewHttp()
                .addNewPath()
                .withPath(c.path())
                .withPathType("Prefix")
                .withNewBackend()
                .withNewService()
                .withName(service)
                .withNewPort()
                .withNumber(SERVICE_PORT)
                .endPort()
                .endService()
                .endBackend()
                .endPath()
                .endHttp()
                .endRule()
                .endSpec();
        Ingress ingress = b.build();
        c.tlsSecret().ifPresent(t -> ingress.getSpec()
                .setTls(List.of(new io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder()
                        .withHosts(c.host())
                        .withSecretName(t)
                        .build())));
        return ingress;
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
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
