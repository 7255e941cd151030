package dev.llmops.deploy.kubernetes;

import dev.llmops.error.ConfigException;
import dev.llmops.error.StateException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What can be done to a deployed endpoint: its state, the smoke test again, all traffic to the newest slot
 * (promote), back to the other slot or the previous ReplicaSet (rollback), the pods' logs, and deleting what
 * llmops created.
 */
final class KubernetesOperations {

    private final KubernetesCluster cluster;
    private final Duration timeout;
    private final Consumer<String> log;

    KubernetesOperations(KubernetesCluster cluster, Duration timeout, Consumer<String> log) {
        this.cluster = cluster;
        this.timeout = timeout;
        this.log = log;
    }

    private void require(KubernetesEntry entry, String what, String... needs) {
        List<ClusterAccess.Permission> p = new ArrayList<>(ClusterAccess.needs(needs));
        if (entry.ingress().isPresent()) {
            p.addAll(ClusterAccess.needs("get,delete ingresses.networking.k8s.io"));
        }
        ClusterAccess.require(cluster, what + " " + entry.endpoint(), p);
    }

    EndpointState status(KubernetesEntry entry) {
        require(entry, "deploy status of", "get services", "list deployments.apps");
        return EndpointState.read(cluster, entry);
    }

    /** The smoke test of a slot (default: the newest) through its Service. */
    String test(KubernetesEntry entry, Optional<String> slot, String request, Optional<String> key) {
        require(entry, "deploy test of", "get services", "list deployments.apps", "create services/proxy");
        EndpointState state = EndpointState.read(cluster, entry);
        EndpointState.Slot s = pick(state, slot);
        ServiceProxy.smokeTest(
                cluster, s.deploymentName(), entry.testFile(), request, key, log, "traffic was not changed");
        return s.name();
    }

    /**
     * All traffic to the newest slot, after its smoke test: scaled to its full count first when it had a share by
     * pod count, then the Service's selector, then the canary Ingress removed.
     *
     * @param deletePrior then delete the other slot's objects
     * @return the slot serving now
     */
    String promote(KubernetesEntry entry, String request, Optional<String> key, boolean deletePrior) {
        require(
                entry,
                "deploy promote of",
                "get,update services",
                "get,list,watch,update deployments.apps",
                "create services/proxy");
        EndpointState state = EndpointState.read(cluster, entry);
        EndpointState.Slot newest = state.newest()
                .orElseThrow(() -> new StateException("endpoint " + entry.endpoint() + " has no slot in namespace "
                        + cluster.namespace() + ": deploy it first"));
        Optional<String> other = state.slots().stream()
                .map(EndpointState.Slot::name)
                .filter(n -> !n.equals(newest.name()))
                .findFirst();
        if (state.shares().getOrDefault(newest.name(), 0) == 100 && !state.splitByPods()) {
            log.accept("slot " + newest.name() + " already serves all traffic");
        } else {
            moveAll(entry, state, newest, Optional.of(Map.entry(request, key)));
        }
        if (deletePrior && other.isPresent()) {
            deleteSlot(entry, other.get());
        }
        return newest.name();
    }

    /**
     * Back to the version before: with two slots, all traffic to the slot that is not the newest; with one, the
     * Deployment's pod template of its previous ReplicaSet.
     *
     * @return what serves now, for the user
     */
    String rollback(KubernetesEntry entry) {
        require(
                entry,
                "deploy rollback of",
                "get,update services",
                "get,list,watch,update deployments.apps",
                "list replicasets.apps");
        EndpointState state = EndpointState.read(cluster, entry);
        EndpointState.Slot newest = state.newest()
                .orElseThrow(() -> new StateException("endpoint " + entry.endpoint() + " has no slot in namespace "
                        + cluster.namespace() + ": nothing to roll back"));
        Optional<EndpointState.Slot> before = state.slots().stream()
                .filter(s -> !s.name().equals(newest.name()))
                .reduce((a, b) -> b);
        if (before.isPresent()) {
            EndpointState.Slot target = before.get();
            if (state.shares().getOrDefault(target.name(), 0) == 100 && !state.splitByPods()) {
                log.accept("slot " + target.name() + " already serves all traffic");
            } else {
                moveAll(entry, state, target, Optional.empty());
            }
            return "slot " + target.name() + " (" + target.image() + ")";
        }
        return previousReplicaSet(newest);
    }

    /**
     * @param smoke the request and key to smoke-test the slot with before the switch (promote), or empty (a
     *     rollback returns to what served before, even while the model behind it fails)
     */
    private void moveAll(
            KubernetesEntry entry,
            EndpointState state,
            EndpointState.Slot to,
            Optional<Map.Entry<String, Optional<String>>> smoke) {
        String fix = "traffic was not changed";
        int full = entry.autoscale().map(KubernetesEntry.Autoscale::min).orElse(entry.replicas());
        if (to.desired() < full) {
            Traffic.scale(cluster, to.deploymentName(), full, log);
        }
        Rollout.await(cluster, to.deploymentName(), timeout, log, fix);
        smoke.ifPresent(s -> ServiceProxy.smokeTest(
                cluster, to.deploymentName(), entry.testFile(), s.getKey(), s.getValue(), log, fix));
        if (state.service().isEmpty()) {
            throw new StateException("service " + entry.endpoint() + " does not exist in namespace "
                    + cluster.namespace() + ": deploy again to create it");
        }
        Traffic.select(cluster, entry, KubernetesObjects.selector(entry, to.name()), to.name(), null);
        Traffic.dropCanary(cluster, state, log);
        log.accept("service " + entry.endpoint() + " now sends all traffic to slot " + to.name());
    }

    private String previousReplicaSet(EndpointState.Slot slot) {
        Deployment d = slot.deployment();
        String uid = d.getMetadata().getUid();
        List<ReplicaSet> sets = cluster
                .call("list the replica sets of deployment " + slot.deploymentName(), () -> cluster.client()
                        .apps()
                        .replicaSets()
                        .inNamespace(cluster.namespace())
                        .withLabels(d.getSpec().getSelector().getMatchLabels())
                        .list())
                .getItems()
                .stream()
                .filter(rs -> rs.getMetadata().getOwnerReferences() != null
                        && rs.getMetadata().getOwnerReferences().stream()
                                .anyMatch(o -> uid == null || uid.equals(o.getUid())))
                .sorted(Comparator.comparingLong(KubernetesOperations::revision).reversed())
                .toList();
        if (sets.size() < 2) {
            throw new StateException("deployment " + slot.deploymentName() + " has no previous version to roll back"
                    + " to (" + sets.size() + " replica set); with PRIOR_DEPLOYMENT_NAME a second slot keeps one");
        }
        ReplicaSet previous = sets.get(1);
        PodTemplateSpec template = previous.getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.remove("pod-template-hash");
        template.getMetadata().setLabels(labels);
        cluster.change(
                cluster.client()
                        .apps()
                        .deployments()
                        .inNamespace(cluster.namespace())
                        .withName(slot.deploymentName()),
                "roll back deployment " + slot.deploymentName(),
                x -> {
                    x.getSpec().setTemplate(template);
                    return x;
                });
        String image = template.getSpec().getContainers().get(0).getImage();
        log.accept("deployment " + slot.deploymentName() + " set back to revision " + revision(previous) + " (" + image
                + ")");
        Rollout.await(
                cluster,
                slot.deploymentName(),
                timeout,
                log,
                "the pods of the version before keep serving; see why with llmops deploy logs --target kubernetes");
        return "deployment " + slot.deploymentName() + " at revision " + revision(previous) + " (" + image + ")";
    }

    private static long revision(ReplicaSet rs) {
        String r = rs.getMetadata().getAnnotations() == null
                ? null
                : rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision");
        try {
            return r == null ? 0 : Long.parseLong(r);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The last {@code tail} lines of each pod of a slot (default: the newest), by pod name. */
    Map<String, String> logs(KubernetesEntry entry, Optional<String> slot, int tail) {
        if (tail < 1) {
            throw ConfigException.of("--tail " + tail + " is not a line count", "give 1 or more");
        }
        require(entry, "deploy logs of", "get services", "list deployments.apps", "list pods", "get pods/log");
        EndpointState state = EndpointState.read(cluster, entry);
        EndpointState.Slot s = pick(state, slot);
        List<Pod> pods = cluster.call("list the pods of deployment " + s.deploymentName(), () -> cluster.client()
                        .pods()
                        .inNamespace(cluster.namespace())
                        .withLabels(KubernetesObjects.selector(entry, s.name()))
                        .list())
                .getItems();
        if (pods.isEmpty()) {
            throw new StateException("deployment " + s.deploymentName() + " has no pod in namespace "
                    + cluster.namespace() + " (kubectl -n " + cluster.namespace() + " describe deployment "
                    + s.deploymentName() + " says why)");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Pod p : pods) {
            String name = p.getMetadata().getName();
            out.put(
                    name,
                    Optional.ofNullable(cluster.call("read the log of pod " + name, () -> cluster.client()
                                    .pods()
                                    .inNamespace(cluster.namespace())
                                    .withName(name)
                                    .inContainer(KubernetesObjects.CONTAINER)
                                    .tailingLines(tail)
                                    .getLog()))
                            .orElse(""));
        }
        return out;
    }

    /**
     * Deletes what llmops created for the endpoint (found by its labels): everything with {@code all}, else the
     * slot that gets no traffic.
     *
     * @return the objects deleted, as {@code kind name}
     */
    List<String> delete(KubernetesEntry entry, boolean all) {
        List<String> needs = new ArrayList<>(
                List.of("list,delete deployments.apps", "list,delete services,secrets,configmaps", "get services"));
        if (entry.autoscale().isPresent()) {
            needs.add("list,delete horizontalpodautoscalers.autoscaling");
        }
        if (entry.ingress().isPresent()) {
            needs.add("list,delete ingresses.networking.k8s.io");
        }
        require(entry, "deploy delete of", needs.toArray(String[]::new));
        if (all) {
            return deleteOwned(entry, KubernetesObjects.ownedBy(entry));
        }
        EndpointState state = EndpointState.read(cluster, entry);
        Map<String, Integer> shares = state.shares();
        String idle = state.slots().stream()
                .map(EndpointState.Slot::name)
                .filter(n -> shares.getOrDefault(n, 0) == 0)
                .findFirst()
                .orElseThrow(() -> new StateException("every slot of " + entry.endpoint() + " serves traffic (" + shares
                        + "): nothing idle to delete; --endpoint deletes the whole endpoint"));
        return deleteSlot(entry, idle);
    }

    private List<String> deleteSlot(KubernetesEntry entry, String slot) {
        Map<String, String> labels = new LinkedHashMap<>(KubernetesObjects.ownedBy(entry));
        labels.put(KubernetesObjects.SLOT, slot);
        return deleteOwned(entry, labels);
    }

    private List<String> deleteOwned(KubernetesEntry entry, Map<String, String> labels) {
        var c = cluster.client();
        String ns = cluster.namespace();
        List<String> deleted = new ArrayList<>();
        deleted.addAll(
                delete(c.network().v1().ingresses(), ns, labels, entry.ingress().isPresent()));
        deleted.addAll(delete(
                c.autoscaling().v2().horizontalPodAutoscalers(),
                ns,
                labels,
                entry.autoscale().isPresent()));
        deleted.addAll(delete(c.services(), ns, labels, true));
        deleted.addAll(delete(c.apps().deployments(), ns, labels, true));
        deleted.addAll(delete(c.configMaps(), ns, labels, true));
        deleted.addAll(delete(c.secrets(), ns, labels, true));
        deleted.forEach(d -> log.accept(d + " deleted (" + ns + ")"));
        return deleted;
    }

    private <T extends HasMetadata, L extends KubernetesResourceList<T>> List<String> delete(
            MixedOperation<T, L, ? extends Resource<T>> kind, String ns, Map<String, String> labels, boolean wanted) {
        if (!wanted) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (T item : cluster.call(
                        "list objects labelled " + labels,
                        () -> kind.inNamespace(ns).withLabels(labels).list())
                .getItems()) {
            String what = KubernetesCluster.describe(item);
            cluster.call("delete " + what, () -> kind.inNamespace(ns)
                    .withName(item.getMetadata().getName())
                    .delete());
            names.add(what);
        }
        return names;
    }

    private EndpointState.Slot pick(EndpointState state, Optional<String> slot) {
        if (slot.isPresent()) {
            return state.slot(slot.get())
                    .orElseThrow(
                            () -> new StateException("endpoint " + state.entry().endpoint() + " has no slot "
                                    + slot.get() + " in namespace " + cluster.namespace() + " (it has "
                                    + state.slots().stream()
                                            .map(EndpointState.Slot::name)
                                            .toList() + ")"));
        }
        return state.newest()
                .orElseThrow(
                        () -> new StateException("endpoint " + state.entry().endpoint() + " has no slot in"
                                + " namespace " + cluster.namespace() + ": deploy it first"));
    }
}
