package dev.llmops.deploy.kubernetes;

import dev.llmops.error.RunFailedException;
import dev.llmops.error.StateException;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Waits for a Deployment's rollout as {@code kubectl rollout status} judges it, by watching its status (no fixed
 * sleep): the controller saw the latest spec, every replica runs the new pod template, no old one is left and all
 * are available. A {@code Progressing} condition with reason {@code ProgressDeadlineExceeded}, or the time running
 * out, is a failed rollout.
 */
final class Rollout {

    /** Where a rollout stands. */
    record Progress(boolean done, Optional<String> failure, String counts) {}

    private Rollout() {}

    static Progress progress(Deployment d) {
        int desired = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
        DeploymentStatus s = d.getStatus();
        Long generation = d.getMetadata().getGeneration();
        if (s == null
                || (generation != null
                        && (s.getObservedGeneration() == null || s.getObservedGeneration() < generation))) {
            return new Progress(false, Optional.empty(), "waiting for the controller (0/" + desired + " updated)");
        }
        int updated = n(s.getUpdatedReplicas());
        int total = n(s.getReplicas());
        int available = n(s.getAvailableReplicas());
        String counts = updated + "/" + desired + " updated, " + available + " available"
                + (total > updated ? ", " + (total - updated) + " old" : "");
        Optional<String> failure = s.getConditions() == null
                ? Optional.empty()
                : s.getConditions().stream()
                        .filter(c ->
                                "Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason()))
                        .findFirst()
                        .map(Rollout::describe);
        boolean done = updated >= desired && total <= updated && available >= desired;
        return new Progress(done, done ? Optional.empty() : failure, counts);
    }

    private static String describe(DeploymentCondition c) {
        return "ProgressDeadlineExceeded" + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    /**
     * @param fix what to say after the failure (where traffic stays, how to find out why)
     * @return the Deployment once rolled out
     * @throws RunFailedException when the rollout failed or did not finish in {@code timeout}
     */
    static Deployment await(
            KubernetesCluster cluster, String name, Duration timeout, Consumer<String> log, String fix) {
        AtomicReference<String> last = new AtomicReference<>("");
        AtomicReference<Deployment> seen = new AtomicReference<>();
        Deployment d;
        try {
            d = cluster.client()
                    .apps()
                    .deployments()
                    .inNamespace(cluster.namespace())
                    .withName(name)
                    .waitUntilCondition(
                            x -> {
                                if (x == null) {
                                    return true;
                                }
                                seen.set(x);
                                Progress p = progress(x);
                                if (!p.counts().equals(last.getAndSet(p.counts())) && !p.done()) {
                                    log.accept("deployment " + name + ": " + p.counts());
                                }
                                return p.done() || p.failure().isPresent();
                            },
                            timeout.toMillis(),
                            TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            String counts = Optional.ofNullable(seen.get())
                    .map(x -> progress(x).counts())
                    .orElse("no status");
            throw new RunFailedException("deployment " + name + " in namespace " + cluster.namespace()
                    + " did not become available within " + timeout.toSeconds() + " s (" + counts + "); " + fix);
        } catch (KubernetesClientException e) {
            throw cluster.explain("watch the rollout of deployment " + name, e);
        }
        if (d == null) {
            throw new StateException("deployment " + name + " was deleted during its rollout");
        }
        Progress p = progress(d);
        if (!p.done()) {
            throw new RunFailedException("deployment " + name + " in namespace " + cluster.namespace()
                    + " failed its rollout: " + p.failure().orElse("not available") + " (" + p.counts() + "); "
                    + fix);
        }
        log.accept("deployment " + name + ": rolled out (" + p.counts() + ")");
        return d;
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
