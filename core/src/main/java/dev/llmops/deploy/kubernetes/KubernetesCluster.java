package dev.llmops.deploy.kubernetes;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.error.StateException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A connection to one namespace of a cluster with the fabric8 client, found as {@code kubectl} finds it, and the
 * translation of the API server's refusals into errors that say what to do.
 */
public final class KubernetesCluster implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final String server;

    private KubernetesCluster(KubernetesClient client, String namespace, String server) {
        this.client = client;
        this.namespace = namespace;
        this.server = server;
    }

    /**
     * Connects as {@code kubectl} would: {@code kubeconfig}, else {@code $KUBECONFIG} (its first file), else
     * {@code ~/.kube/config}, else the in-cluster service account.
     *
     * @param kubeconfig a kubeconfig file, or null
     * @param context a context of the kubeconfig, or null for its current one
     * @param namespace the namespace, or null for the context's, else {@code default}
     */
    public static KubernetesCluster connect(SystemEnv env, String kubeconfig, String context, String namespace) {
        Config config = config(env, kubeconfig, context);
        String ns = Optional.ofNullable(namespace)
                .filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(config.getNamespace()))
                .orElse("default");
        config.setNamespace(ns);
        // A command line answers quickly: two retries 250 ms apart, not the library's ten with backoff.
        config.setRequestRetryBackoffLimit(2);
        config.setRequestRetryBackoffInterval(250);
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        return new KubernetesCluster(client, ns, config.getMasterUrl());
    }

    private static Config config(SystemEnv env, String kubeconfig, String context) {
        Optional<Path> file = Optional.ofNullable(kubeconfig).map(env::resolve);
        if (file.isPresent() && !Files.isRegularFile(file.get())) {
            throw ConfigException.of(
                    "--kubeconfig " + kubeconfig + ": file not found", "give the kubeconfig file kubectl uses");
        }
        if (file.isEmpty()) {
            file = env.get("KUBECONFIG")
                    .filter(s -> !s.isBlank())
                    .map(s -> s.split(java.io.File.pathSeparator)[0])
                    .map(env::resolve)
                    .filter(Files::isRegularFile);
        }
        if (file.isEmpty()) {
            file = env.get("HOME").map(h -> Path.of(h, ".kube", "config")).filter(Files::isRegularFile);
        }
        if (file.isEmpty()) {
            if (env.get("KUBERNETES_SERVICE_HOST").isEmpty()) {
                throw ConfigException.of(
                        "no cluster: no --kubeconfig, no $KUBECONFIG, no ~/.kube/config and not running in a pod",
                        "pass --kubeconfig FILE (and --context NAME), or print the objects with --dry-run -o yaml");
            }
            return Config.autoConfigure(context);
        }
        try {
            Config config = Config.fromKubeconfig(context, file.get().toFile());
            if (context != null
                    && (config.getCurrentContext() == null
                            || !context.equals(config.getCurrentContext().getName()))) {
                throw ConfigException.of(
                        file.get() + ": no context named '" + context + "'",
                        "pick one of the kubeconfig's contexts (kubectl config get-contexts)");
            }
            return config;
        } catch (KubernetesClientException e) {
            throw ConfigException.of(
                    file.get() + ": " + e.getMessage(), "fix the kubeconfig, or pick another with --kubeconfig");
        }
    }

    public String namespace() {
        return namespace;
    }

    public String server() {
        return server;
    }

    KubernetesClient client() {
        return client;
    }

    /**
     * Creates the object, or updates it when it exists.
     *
     * @return the object as the cluster holds it afterwards
     */
    <T extends HasMetadata> T apply(T object, Consumer<String> progress) {
        T result = call(
                "apply " + describe(object),
                () -> client.resource(object).inNamespace(namespace).createOr(NonDeletingOperation::update));
        progress.accept(describe(result) + " applied (" + namespace + ")");
        return result;
    }

    /**
     * Reads an object, changes it and writes it back with a PUT (RBAC verb {@code update}, which the access check
     * asked for; fabric8's {@code edit} would PATCH), failing on a concurrent change.
     *
     * @throws dev.llmops.error.StateException when the object does not exist
     */
    <T extends HasMetadata> T change(
            io.fabric8.kubernetes.client.dsl.Resource<T> resource,
            String what,
            java.util.function.UnaryOperator<T> change) {
        T current = call(what, resource::get);
        if (current == null) {
            throw new StateException("cannot " + what + " in namespace '" + namespace + "': it does not exist");
        }
        T changed = change.apply(current);
        return call(what, () -> client.resource(changed).inNamespace(namespace).update());
    }

    /** Runs one call to the API server; its refusal becomes an error naming what was done, where, and the fix. */
    <T> T call(String what, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (KubernetesClientException e) {
            throw explain(what, e);
        }
    }

    /** The object's kind and name, e.g. {@code deployment ner-blue}. */
    static String describe(HasMetadata o) {
        return o.getKind().toLowerCase(java.util.Locale.ROOT) + " "
                + o.getMetadata().getName();
    }

    RuntimeException explain(String what, KubernetesClientException e) {
        if (e instanceof io.fabric8.kubernetes.client.KubernetesClientTimeoutException) {
            return new StateException("the cluster at " + server + " did not answer in time to " + what, e);
        }
        int code = e.getCode();
        if (code == 401) {
            return new StateException("the cluster at " + server + " refused the credentials (401) to " + what
                    + ": renew them in the kubeconfig (kubectl auth whoami)");
        }
        if (code == 403) {
            String reason = e.getStatus() == null ? "" : e.getStatus().getMessage();
            return new StateException("forbidden (403) to " + what + " in namespace '" + namespace + "'"
                    + (reason == null || reason.isBlank() ? "" : ": " + reason)
                    + "; grant the account the rules docs/deploy.md lists (a Role and RoleBinding there), or pick"
                    + " another namespace with --namespace");
        }
        if (code == 0 || code == -1) {
            return new StateException("cannot reach the cluster at " + server + " to " + what + ": " + rootMessage(e)
                    + " (check the kubeconfig context, the network, or use --dry-run -o yaml)");
        }
        return new StateException(
                "the cluster refused to " + what + " (" + code + "): "
                        + (e.getStatus() == null
                                ? e.getMessage()
                                : e.getStatus().getMessage()),
                e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
    }

    @Override
    public void close() {
        client.close();
    }
}
