package dev.llmops.cli;

import dev.llmops.deploy.kubernetes.KubernetesService;
import picocli.CommandLine.Option;

/** Which cluster and namespace {@code --target kubernetes} talks to. */
public class KubernetesClusterOptions {

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description =
                    "Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else the pod's service account).")
    String kubeconfig;

    @Option(
            names = "--context",
            paramLabel = "NAME",
            description = "Kubeconfig context (default: its current-context).")
    String context;

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NS",
            description = "Namespace (default: the context's, else 'default').")
    String namespace;

    KubernetesService.ClusterRef ref() {
        return new KubernetesService.ClusterRef(kubeconfig, context, namespace);
    }
}
