package dev.llmops.deploy.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.secret.SecretMasker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code llmops deploy --target kubernetes} and its operations: plans with {@link KubernetesPlanner}, connects with
 * {@link KubernetesCluster}, checks the account's permissions before any change, then deploys or operates.
 */
public final class KubernetesService {

    /** Where the cluster is: a kubeconfig file and context (null for the defaults) and the namespace. */
    public record ClusterRef(String kubeconfig, String context, String namespace) {}

    /** A deployment's outcome, for the user. */
    public record Outcome(
            String slot,
            String deployment,
            String service,
            String namespace,
            String server,
            String image,
            Map<String, Integer> traffic,
            Optional<String> previous) {}

    /** The endpoint's state, for {@code deploy status}. */
    public record Status(String namespace, String server, EndpointState state) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SystemEnv env;
    private final SecretMasker masker;
    private final Consumer<String> log;

    /** @param log one line per step, already free of secrets */
    public KubernetesService(SystemEnv env, SecretMasker masker, Consumer<String> log) {
        this.env = env;
        this.masker = masker;
        this.log = log;
    }

    /** The plan, for {@code --dry-run} (nothing is sent) and for {@link #deploy}. */
    public KubernetesPlan plan(KubernetesRequest request) {
        return new KubernetesPlanner(env, masker).plan(request);
    }

    /**
     * @param outputFile a JSON summary to write, or null
     * @throws ConfigException when a value the container needs is not set (before any call)
     */
    public Outcome deploy(KubernetesPlan plan, ClusterRef where, Duration timeout, Path outputFile) {
        if (!plan.missing().isEmpty()) {
            throw ConfigException.of(
                    "the container needs " + String.join(", ", plan.missing()) + ", not set here; nothing was applied",
                    "export them or write them in the use case's .env (LLMOPS_SERVE_KEYS: the keys clients send as"
                            + " Authorization: Bearer KEY or api-key: KEY)");
        }
        try (KubernetesCluster cluster = connect(where)) {
            KubernetesDeployer.Deployed d = new KubernetesDeployer(cluster, timeout, log).deploy(plan);
            Outcome outcome = new Outcome(
                    d.slot(),
                    d.deployment(),
                    plan.entry().endpoint(),
                    d.namespace(),
                    d.server(),
                    d.image(),
                    d.traffic(),
                    d.previous());
            if (outputFile != null) {
                write(env.resolve(outputFile.toString()), outcome);
            }
            return outcome;
        }
    }

    public Status status(KubernetesRequest request, ClusterRef where) {
        KubernetesEntry entry = new KubernetesPlanner(env, masker).entry(request);
        try (KubernetesCluster cluster = connect(where)) {
            return new Status(
                    cluster.namespace(),
                    cluster.server(),
                    operations(cluster, Duration.ZERO).status(entry));
        }
    }

    /** @return the slot tested */
    public String test(KubernetesRequest request, ClusterRef where, Optional<String> slot) {
        KubernetesPlanner planner = new KubernetesPlanner(env, masker);
        KubernetesEntry entry = planner.entry(request);
        Map.Entry<String, Optional<String>> smoke = planner.smoke(request, entry);
        try (KubernetesCluster cluster = connect(where)) {
            return operations(cluster, Duration.ZERO).test(entry, slot, smoke.getKey(), smoke.getValue());
        }
    }

    /** @return the slot serving all traffic now */
    public String promote(KubernetesRequest request, ClusterRef where, Duration timeout, boolean deletePrior) {
        KubernetesPlanner planner = new KubernetesPlanner(env, masker);
        KubernetesEntry entry = planner.entry(request);
        Map.Entry<String, Optional<String>> smoke = planner.smoke(request, entry);
        try (KubernetesCluster cluster = connect(where)) {
            return operations(cluster, timeout).promote(entry, smoke.getKey(), smoke.getValue(), deletePrior);
        }
    }

    /** @return what serves now */
    public String rollback(KubernetesRequest request, ClusterRef where, Duration timeout) {
        KubernetesEntry entry = new KubernetesPlanner(env, masker).entry(request);
        try (KubernetesCluster cluster = connect(where)) {
            return operations(cluster, timeout).rollback(entry);
        }
    }

    /** The pods' logs, by pod name. */
    public Map<String, String> logs(KubernetesRequest request, ClusterRef where, Optional<String> slot, int tail) {
        KubernetesEntry entry = new KubernetesPlanner(env, masker).entry(request);
        try (KubernetesCluster cluster = connect(where)) {
            return operations(cluster, Duration.ZERO).logs(entry, slot, tail);
        }
    }

    /** @return the objects deleted */
    public List<String> delete(KubernetesRequest request, ClusterRef where, boolean all) {
        KubernetesEntry entry = new KubernetesPlanner(env, masker).entry(request);
        try (KubernetesCluster cluster = connect(where)) {
            return operations(cluster, Duration.ZERO).delete(entry, all);
        }
    }

    private KubernetesOperations operations(KubernetesCluster cluster, Duration timeout) {
        return new KubernetesOperations(cluster, timeout, log);
    }

    private KubernetesCluster connect(ClusterRef where) {
        return KubernetesCluster.connect(env, where.kubeconfig(), where.context(), where.namespace());
    }

    private static void write(Path file, Outcome o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("target", "kubernetes");
        n.put("server", o.server());
        n.put("namespace", o.namespace());
        n.put("endpoint", o.service());
        n.put("deployment", o.deployment());
        n.put("slot", o.slot());
        n.put("image", o.image());
        ObjectNode traffic = n.putObject("traffic");
        o.traffic().forEach(traffic::put);
        o.previous().ifPresent(p -> n.put("previous_slot", p));
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
