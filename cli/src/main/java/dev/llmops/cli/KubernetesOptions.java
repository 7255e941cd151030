package dev.llmops.cli;

import picocli.CommandLine.Option;

/** Where {@code llmops deploy --target kubernetes} applies its objects, or that it only prints them. */
public final class KubernetesOptions {

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

    @Option(
            names = "--dry-run",
            description = "Print instead of doing: Kubernetes objects as YAML (Secret values left empty), or for Azure"
                    + " ML and Web Apps the calls with their bodies (secrets ***); needs no cluster and no sign-in.")
    boolean dryRun;
}
