package dev.llmops.deploy.kubernetes;

import dev.llmops.error.StateException;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Asks the API server, before any change, whether the account may do what an operation needs in the namespace
 * ({@code SelfSubjectAccessReview}, what {@code kubectl auth can-i} sends), so that a missing permission stops the
 * command with the permission named instead of half-way through.
 */
final class ClusterAccess {

    /** One permission: a verb on a resource (of an API group, optionally a subresource). */
    record Permission(String verb, String group, String resource, String subresource) {

        static Permission of(String verb, String resource) {
            int dot = resource.indexOf('.');
            String sub = "";
            int slash = resource.indexOf('/');
            if (slash > 0) {
                sub = resource.substring(slash + 1);
                resource = resource.substring(0, slash);
            }
            return dot < 0 || (slash > 0 && dot > slash)
                    ? new Permission(verb, "", resource, sub)
                    : new Permission(verb, resource.substring(dot + 1), resource.substring(0, dot), sub);
        }

        /** {@code deployments.apps}, {@code services/proxy}: as {@code kubectl create role --resource} takes it. */
        String resourceName() {
            return resource + (group.isEmpty() ? "" : "." + group) + (subresource.isEmpty() ? "" : "/" + subresource);
        }
    }

    private ClusterAccess() {}

    /** What each operation needs, by verb and resource. */
    static List<Permission> needs(String... verbsOnResources) {
        List<Permission> out = new ArrayList<>();
        for (String spec : verbsOnResources) {
            String[] parts = spec.split(" ", 2);
            for (String verb : parts[0].split(",")) {
                for (String resource : parts[1].split(",")) {
                    out.add(Permission.of(verb, resource));
                }
            }
        }
        return out;
    }

    /**
     * @param what the operation, for the message (e.g. {@code deploy ner})
     * @throws StateException naming every permission the account lacks in the namespace and how to grant them;
     *     or when the cluster cannot be reached (naming its URL)
     */
    static void require(KubernetesCluster cluster, String what, List<Permission> permissions) {
        List<Permission> unique = List.copyOf(new LinkedHashSet<>(permissions));
        List<Future<Boolean>> answers = new ArrayList<>();
        // One review per permission, all at once: on a remote cluster that is one round trip, not twenty.
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Permission p : unique) {
                answers.add(pool.submit(() -> allowed(cluster, p)));
            }
        }
        List<Permission> denied = new ArrayList<>();
        for (int i = 0; i < unique.size(); i++) {
            try {
                if (!answers.get(i).get()) {
                    denied.add(unique.get(i));
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted while checking permissions");
            }
        }
        if (denied.isEmpty()) {
            return;
        }
        Set<String> verbs = new TreeSet<>();
        Set<String> resources = new TreeSet<>();
        List<String> named = new ArrayList<>();
        for (Permission p : denied) {
            verbs.add(p.verb());
            resources.add(p.resourceName());
            named.add(p.verb() + " " + p.resourceName());
        }
        String ns = cluster.namespace();
        throw new StateException("the account may not " + String.join(", ", named) + " in namespace '" + ns
                + "', which " + what + " needs; nothing was changed. Grant it, e.g. kubectl -n " + ns
                + " create role llmops-deployer --verb=" + String.join(",", verbs) + " --resource="
                + String.join(",", resources) + " and kubectl -n " + ns
                + " create rolebinding llmops-deployer --role=llmops-deployer --serviceaccount=NS:NAME (or --user),"
                + " or pick another namespace with --namespace");
    }

    private static boolean allowed(KubernetesCluster cluster, Permission p) {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
                .withNewMetadata()
                .endMetadata()
                .withNewSpec()
                .withNewResourceAttributes()
                .withNamespace(cluster.namespace())
                .withVerb(p.verb())
                .withGroup(p.group())
                .withResource(p.resource())
                .withSubresource(p.subresource().isEmpty() ? null : p.subresource())
                .endResourceAttributes()
                .endSpec()
                .build();
        SelfSubjectAccessReview answer = cluster.call(
                "check whether the account may " + p.verb() + " " + p.resourceName(), () -> cluster.client()
                        .authorization()
                        .v1()
                        .selfSubjectAccessReview()
                        .create(review));
        if (answer == null || answer.getStatus() == null) {
            throw new StateException("the cluster at " + cluster.server() + " gave no answer to an access review"
                    + " (SelfSubjectAccessReview) for " + p.verb() + " " + p.resourceName());
        }
        return Boolean.TRUE.equals(answer.getStatus().getAllowed());
    }
}
