package dev.llmops.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a deployment of a use case puts on a cluster, decided before the cluster is asked anything: the values for
 * the Secret and the ConfigMap, the labels, the image and the smoke test. {@link KubernetesObjects} turns it into
 * the objects of one slot.
 *
 * @param entry the configuration element deployed
 * @param image the image reference
 * @param namespace the namespace asked for, or null for the kubeconfig context's
 * @param secret the container's secret variables (connection keys, {@code LLMOPS_SERVE_KEYS}, ...)
 * @param plain the container's plain variables
 * @param labels the labels every object gets (without the slot)
 * @param annotations the annotations every object gets
 * @param missing the variables the container needs that are not set here (their Secret values are empty)
 * @param request the smoke-test request body ({@code TEST_FILE_PATH})
 * @param serveKey the key the smoke test sends as {@code api-key} (the first of {@code LLMOPS_SERVE_KEYS}); empty
 *     when none is set
 */
public record KubernetesPlan(
        KubernetesEntry entry,
        String image,
        String namespace,
        Map<String, String> secret,
        Map<String, String> plain,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<String> missing,
        String request,
        Optional<String> serveKey) {

    /** What every redacted Secret value reads in printed manifests. */
    public static final String REDACTED = "";

    public KubernetesPlan {
        secret = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(secret));
        plain = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(plain));
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        annotations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        missing = List.copyOf(missing);
    }

    /**
     * The objects a first deployment applies, in order: the slot {@code CURRENT_DEPLOYMENT_NAME} (Secret,
     * ConfigMap, Deployment, its Service, its autoscaler), the endpoint's Service selecting it, and the Ingress.
     */
    public List<HasMetadata> firstDeployment() {
        String slot = entry.deployment();
        List<HasMetadata> objects = new ArrayList<>(KubernetesObjects.slot(this, slot, entry.replicas(), 1));
        objects.add(KubernetesObjects.mainService(this, KubernetesObjects.selector(entry, slot), slot));
        entry.ingress().ifPresent(i -> objects.add(KubernetesObjects.ingress(this)));
        return objects;
    }

    /**
     * The objects of {@link #firstDeployment} as one YAML stream. Secret values are left empty (their keys stay),
     * so the text can be printed, committed for GitOps and reviewed: fill them with a sealed-secret tool or
     * {@code kubectl create secret}.
     */
    public String yaml() {
        return firstDeployment().stream()
                .map(o -> o instanceof Secret s ? redacted(s) : o)
                .map(Serialization::asYaml)
                .map(y -> y.startsWith("---") ? y : "---\n" + y)
                .collect(Collectors.joining());
    }

    private static Secret redacted(Secret s) {
        Map<String, String> keys = new LinkedHashMap<>();
        s.getStringData().keySet().forEach(k -> keys.put(k, REDACTED));
        return new SecretBuilder(s).withStringData(keys).build();
    }
}
