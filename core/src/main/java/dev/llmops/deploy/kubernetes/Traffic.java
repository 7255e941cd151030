package dev.llmops.deploy.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The changes that move traffic: the endpoint Service's selector, the canary Ingress, a slot's replica count. */
final class Traffic {

    private Traffic() {}

    /** Points the endpoint Service at {@code selector}, recording the stable slot; nothing else of it changes. */
    static void select(
            KubernetesCluster cluster,
            KubernetesEntry entry,
            Map<String, String> selector,
            String stable,
            Map<String, String> labels) {
        cluster.change(
                cluster.client().services().inNamespace(cluster.namespace()).withName(entry.endpoint()),
                "update service " + entry.endpoint(),
                s -> {
                    s.getSpec().setSelector(new LinkedHashMap<>(selector));
                    Map<String, String> a = new LinkedHashMap<>(
                            s.getMetadata().getAnnotations() == null
                                    ? Map.of()
                                    : s.getMetadata().getAnnotations());
                    a.put(KubernetesObjects.STABLE_SLOT, stable);
                    s.getMetadata().setAnnotations(a);
                    if (labels != null) {
                        Map<String, String> l = new LinkedHashMap<>(
                                s.getMetadata().getLabels() == null
                                        ? Map.of()
                                        : s.getMetadata().getLabels());
                        l.putAll(labels);
                        s.getMetadata().setLabels(l);
                    }
                    return s;
                });
    }

    /** Deletes the canary Ingress, when there is one. */
    static void dropCanary(KubernetesCluster cluster, EndpointState state, Consumer<String> log) {
        if (state.canary().isEmpty()) {
            return;
        }
        String name = KubernetesObjects.canaryName(state.entry());
        cluster.call("delete ingress " + name, () -> cluster.client()
                .network()
                .v1()
                .ingresses()
                .inNamespace(cluster.namespace())
                .withName(name)
                .delete());
        log.accept("ingress " + name + " deleted (no canary weight left)");
    }

    /** Sets a slot's replica count. */
    static void scale(KubernetesCluster cluster, String deployment, int replicas, Consumer<String> log) {
        cluster.change(
                cluster.client()
                        .apps()
                        .deployments()
                        .inNamespace(cluster.namespace())
                        .withName(deployment),
                "scale deployment " + deployment,
                d -> {
                    d.getSpec().setReplicas(replicas);
                    return d;
                });
        log.accept("deployment " + deployment + " scaled to " + replicas);
    }
}
