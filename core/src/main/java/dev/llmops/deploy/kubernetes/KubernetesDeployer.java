package dev.llmops.deploy.kubernetes;

import dev.llmops.deploy.kubernetes.ClusterAccess.Permission;
import dev.llmops.error.RunFailedException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code llmops deploy --target kubernetes}: a release into the idle slot, its rollout watched, its smoke test
 * through the API server, and only then the traffic moved. With one slot ({@code PRIOR_DEPLOYMENT_NAME} empty) the
 * slot is updated in place by a rolling update that keeps every old pod until a new one is ready.
 */
final class KubernetesDeployer {

    /** What a deployment did. */
    record Deployed(
            String slot,
            String deployment,
            String namespace,
            String server,
            String image,
            Map<String, Integer> traffic,
            Optional<String> previous) {}

    private final KubernetesCluster cluster;
    private final Duration timeout;
    private final Consumer<String> log;

    KubernetesDeployer(KubernetesCluster cluster, Duration timeout, Consumer<String> log) {
        this.cluster = cluster;
        this.timeout = timeout;
        this.log = log;
    }

    /** What a deployment needs in the namespace. */
    static List<Permission> permissions(KubernetesEntry entry) {
        List<Permission> p = new ArrayList<>(ClusterAccess.needs(
                "get,create,update secrets,configmaps,services",
                "get,list,watch,create,update deployments.apps",
                "create services/proxy"));
        if (entry.autoscale().isPresent()) {
            p.addAll(ClusterAccess.needs("get,create,update horizontalpodautoscalers.autoscaling"));
        }
        if (entry.ingress().isPresent()) {
            p.addAll(ClusterAccess.needs("get,create,update,delete ingresses.networking.k8s.io"));
        }
        return p;
    }

    /**
     * @throws dev.llmops.error.StateException when the cluster cannot be reached or a permission is missing
     *     (before any change)
     * @throws RunFailedException when the rollout fails or the smoke test does not answer 200: the traffic is
     *     left where it was
     */
    Deployed deploy(KubernetesPlan plan) {
        KubernetesEntry entry = plan.entry();
        ClusterAccess.require(cluster, "deploy " + entry.endpoint(), permissions(entry));
        EndpointState state = EndpointState.read(cluster, entry);
        Optional<String> stable = state.stable().filter(s -> state.slot(s).isPresent());
        String slot = entry.deployment();
        if (stable.isPresent() && entry.prior().isPresent() && stable.get().equals(entry.deployment())) {
            slot = entry.prior().get();
            log.accept("slot " + stable.get() + " serves now: the release goes to the idle slot " + slot);
        }
        String target = slot;
        Optional<String> previous = stable.filter(s -> !s.equals(target));
        int share = previous.isEmpty() ? 100 : entry.traffic();
        if (previous.isEmpty() && entry.prior().isPresent() && entry.traffic() != 100) {
            log.accept("no slot serves yet, so " + slot + " takes 100% (the configured " + entry.traffic()
                    + "% applies once another slot serves)");
        }
        boolean podSplit = previous.isPresent()
                && share > 0
                && share < 100
                && entry.ingress().isEmpty();
        int replicas = entry.autoscale().map(KubernetesEntry.Autoscale::min).orElse(entry.replicas());
        Optional<EndpointState.Slot> existing = state.slot(slot);
        if (entry.autoscale().isPresent() && existing.isPresent()) {
            replicas = Math.max(replicas, existing.get().desired()); // the autoscaler's count stands
        }
        if (podSplit) {
            int others =
                    state.slot(previous.get()).map(EndpointState.Slot::desired).orElse(1);
            replicas = Math.max(1, Math.round(others * share / (100f - share)));
            log.accept("split by pod count: " + replicas + " pod(s) of " + slot + " beside " + others + " of "
                    + previous.get() + " (about " + Math.round(100f * replicas / (replicas + others)) + "% for "
                    + share + "% asked; an INGRESS gives the exact weight)");
        }
        int release = state.slots().stream()
                        .mapToInt(EndpointState.Slot::release)
                        .max()
                        .orElse(0)
                + 1;
        String name = entry.deploymentName(slot);
        String stays = previous.map(p -> "traffic stays on slot " + p + " (deployment " + entry.deploymentName(p) + ")")
                .orElse(
                        stable.isPresent()
                                ? "the pods of the version before keep serving (a rolling update keeps them until new"
                                        + " ones are ready)"
                                : "nothing serves yet: service " + entry.endpoint() + " was not created");
        for (HasMetadata object : KubernetesObjects.slot(plan, slot, replicas, release)) {
            cluster.apply(object, log);
        }
        Rollout.await(
                cluster,
                name,
                timeout,
                log,
                stays + ". See why with llmops deploy logs --target kubernetes --deployment " + slot + " or kubectl -n "
                        + cluster.namespace() + " describe deployment " + name
                        + ", fix the image or its settings, and deploy again"
                        + (previous.isEmpty() && stable.isPresent()
                                ? " (llmops deploy rollback returns it to its previous version)"
                                : ""));
        ServiceProxy.smokeTest(
                cluster,
                name,
                entry.testFile(),
                plan.request(),
                plan.serveKey(),
                log,
                stays + "; the new pods answer at service " + name + " (llmops deploy logs --deployment " + slot + ")");
        route(plan, state, slot, previous, share, podSplit);
        entry.ingress().ifPresent(i -> cluster.apply(KubernetesObjects.ingress(plan), log));
        Map<String, Integer> traffic =
                new LinkedHashMap<>(EndpointState.read(cluster, entry).shares());
        return new Deployed(slot, name, cluster.namespace(), cluster.server(), plan.image(), traffic, previous);
    }

    private void route(
            KubernetesPlan plan,
            EndpointState state,
            String slot,
            Optional<String> previous,
            int share,
            boolean podSplit) {
        KubernetesEntry entry = plan.entry();
        if (previous.isEmpty() || share == 100) {
            service(plan, state, KubernetesObjects.selector(entry, slot), slot);
            Traffic.dropCanary(cluster, state, log);
            log.accept("service " + entry.endpoint() + " now sends all traffic to slot " + slot);
        } else if (share == 0) {
            log.accept("slot " + slot + " gets no traffic until llmops deploy promote (CURRENT_DEPLOYMENT_TRAFFIC"
                    + "_ALLOCATION is 0)");
        } else if (podSplit) {
            service(plan, state, KubernetesObjects.everySlot(entry), previous.get());
            Traffic.dropCanary(cluster, state, log);
            log.accept("service " + entry.endpoint() + " now selects the pods of both slots");
        } else {
            service(plan, state, KubernetesObjects.selector(entry, previous.get()), previous.get());
            cluster.apply(KubernetesObjects.canaryIngress(plan, slot, share), log);
            log.accept("ingress " + KubernetesObjects.canaryName(entry) + " sends " + share + "% to slot " + slot);
        }
    }

    /** Creates the endpoint Service, or changes an existing one's selector and labels only. */
    private void service(KubernetesPlan plan, EndpointState state, Map<String, String> selector, String stable) {
        Service wanted = KubernetesObjects.mainService(plan, selector, stable);
        if (state.service().isEmpty()) {
            cluster.apply(wanted, log);
            return;
        }
        Traffic.select(
                cluster, plan.entry(), selector, stable, wanted.getMetadata().getLabels());
    }
}
