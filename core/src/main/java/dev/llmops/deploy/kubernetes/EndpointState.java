package dev.llmops.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An endpoint as the cluster holds it: its slots (the Deployments llmops made for it) and which of them the
 * traffic reaches. The endpoint Service's selector says it: one slot's label is that slot at 100% (less an NGINX
 * canary weight sent to another slot's Service), no slot label is a split by ready pod count.
 *
 * @param service the endpoint Service, when it exists
 * @param canary the canary Ingress, when it exists
 * @param slots the slots, by release (oldest first)
 */
public record EndpointState(
        KubernetesEntry entry, Optional<Service> service, Optional<Ingress> canary, List<Slot> slots) {

    /** One slot: its Deployment. */
    public record Slot(String name, Deployment deployment) {

        public int release() {
            String r = annotations().get(KubernetesObjects.RELEASE);
            try {
                return r == null ? 0 : Integer.parseInt(r);
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        private Map<String, String> annotations() {
            return Optional.ofNullable(deployment.getMetadata().getAnnotations())
                    .orElse(Map.of());
        }

        public String image() {
            return deployment
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getImage();
        }

        public int desired() {
            return Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        }

        public int ready() {
            return deployment.getStatus() == null
                    ? 0
                    : Optional.ofNullable(deployment.getStatus().getReadyReplicas())
                            .orElse(0);
        }

        public String deploymentName() {
            return deployment.getMetadata().getName();
        }
    }

    public EndpointState {
        slots = slots.stream().sorted(Comparator.comparingInt(Slot::release)).toList();
    }

    static EndpointState read(KubernetesCluster cluster, KubernetesEntry entry) {
        var client = cluster.client();
        String ns = cluster.namespace();
        Optional<Service> service =
                Optional.ofNullable(cluster.call("read service " + entry.endpoint(), () -> client.services()
                        .inNamespace(ns)
                        .withName(entry.endpoint())
                        .get()));
        Optional<Ingress> canary = entry.ingress().isEmpty()
                ? Optional.empty()
                : Optional.ofNullable(
                        cluster.call("read ingress " + KubernetesObjects.canaryName(entry), () -> client.network()
                                .v1()
                                .ingresses()
                                .inNamespace(ns)
                                .withName(KubernetesObjects.canaryName(entry))
                                .get()));
        List<Slot> slots = cluster
                .call("list the deployments of " + entry.endpoint(), () -> client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withLabels(KubernetesObjects.ownedBy(entry))
                        .list())
                .getItems()
                .stream()
                .filter(d -> d.getMetadata().getLabels() != null
                        && d.getMetadata().getLabels().containsKey(KubernetesObjects.SLOT))
                .map(d -> new Slot(d.getMetadata().getLabels().get(KubernetesObjects.SLOT), d))
                .toList();
        return new EndpointState(entry, service, canary, slots);
    }

    public Optional<Slot> slot(String name) {
        return slots.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The slot deployed last. */
    public Optional<Slot> newest() {
        return slots.isEmpty() ? Optional.empty() : Optional.of(slots.getLast());
    }

    /** The slot with the main share: the one the Service selects, or (in a split by pod count) its annotation. */
    public Optional<String> stable() {
        return service.flatMap(
                        s -> Optional.ofNullable(s.getSpec().getSelector()).map(sel -> sel.get(KubernetesObjects.SLOT)))
                .or(() -> service.map(s -> s.getMetadata().getAnnotations())
                        .map(a -> a.get(KubernetesObjects.STABLE_SLOT)));
    }

    /** Whether the Service selects every slot's pods (a split by pod count). */
    public boolean splitByPods() {
        return service.isPresent()
                && Optional.ofNullable(service.get().getSpec().getSelector())
                        .map(sel -> !sel.containsKey(KubernetesObjects.SLOT))
                        .orElse(false);
    }

    /** The canary slot and its weight, when the canary Ingress sends a share to a slot's Service. */
    public Optional<Map.Entry<String, Integer>> canaryWeight() {
        return canary.flatMap(i -> {
            String w = Optional.ofNullable(i.getMetadata().getAnnotations())
                    .map(a -> a.get(KubernetesObjects.CANARY_WEIGHT))
                    .orElse("0");
            String backend = i.getSpec()
                    .getRules()
                    .get(0)
                    .getHttp()
                    .getPaths()
                    .get(0)
                    .getBackend()
                    .getService()
                    .getName();
            return slots.stream()
                    .filter(s -> s.deploymentName().equals(backend))
                    .findFirst()
                    .map(s -> Map.entry(s.name(), parse(w)));
        });
    }

    /** Each slot's share of the traffic, in percent. */
    public Map<String, Integer> shares() {
        Map<String, Integer> shares = new LinkedHashMap<>();
        slots.forEach(s -> shares.put(s.name(), 0));
        if (service.isEmpty() || slots.isEmpty()) {
            return shares;
        }
        Optional<String> stable = stable();
        if (splitByPods()) {
            int total = slots.stream().mapToInt(Slot::ready).sum();
            boolean byReady = total > 0;
            int sum = byReady ? total : slots.stream().mapToInt(Slot::desired).sum();
            int given = 0;
            for (Slot s : slots) {
                int share = sum == 0 ? 0 : Math.round(100f * (byReady ? s.ready() : s.desired()) / sum);
                shares.put(s.name(), share);
                given += share;
            }
            String rest =
                    stable.filter(shares::containsKey).orElse(slots.getFirst().name());
            shares.merge(rest, 100 - given, Integer::sum);
            return shares;
        }
        stable.filter(shares::containsKey).ifPresent(s -> {
            shares.put(s, 100);
            canaryWeight().filter(c -> !c.getKey().equals(s)).ifPresent(c -> {
                int w = Math.max(0, Math.min(100, c.getValue()));
                shares.put(c.getKey(), w);
                shares.put(s, 100 - w);
            });
        });
        return shares;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
