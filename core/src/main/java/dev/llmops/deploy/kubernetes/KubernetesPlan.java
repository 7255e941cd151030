package dev.llmops.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The objects of one deployment, in apply order: Secret, ConfigMap, Deployment, Service.
 *
 * @param entry the configuration element deployed
 * @param objects the objects, the Secret holding the real values
 * @param missing the variables the container needs that are not set here (their Secret values are empty)
 */
public record KubernetesPlan(KubernetesEntry entry, List<HasMetadata> objects, List<String> missing) {

    /** What every redacted Secret value reads in printed manifests. */
    public static final String REDACTED = "";

    public KubernetesPlan {
        objects = List.copyOf(objects);
        missing = List.copyOf(missing);
    }

    /**
     * The objects as one YAML stream. Secret values are left empty (their keys stay), so the text can be
     * printed, committed for GitOps and reviewed: fill them with a sealed-secret tool or {@code kubectl create
     * secret}.
     */
    public String yaml() {
        return objects.stream()
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
