package dev.llmops.cli;

import picocli.CommandLine.Option;

/** Where {@code llmops deploy --target kubernetes} applies its objects, or that it only prints them. */
public final class KubernetesOptions extends KubernetesClusterOptions {

    @Option(
            names = "--dry-run",
            description = "Print instead of doing: Kubernetes objects as YAML (Secret values left empty), or for Azure"
                    + " ML and Web Apps the calls with their bodies (secrets ***); needs no cluster and no sign-in.")
    boolean dryRun;
}
