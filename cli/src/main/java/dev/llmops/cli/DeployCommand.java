package dev.llmops.cli;

import dev.llmops.azure.ArmProgress;
import dev.llmops.error.ConfigException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code llmops deploy}: the flow's image to Azure ML online endpoints, blue/green behind a smoke test, or to a
 * plain Kubernetes cluster ({@code --target kubernetes}).
 */
@Command(
        name = "deploy",
        header = "Deploy to Azure ML endpoints, Web Apps (blue/green) or Kubernetes.",
        description = {
            "Deploys every element of configs/deployment_config.json whose ENV_NAME is the environment: the"
                    + " environment version (the image), the endpoint (created only when absent), the deployment"
                    + " (created or updated); then scores TEST_FILE_PATH against the new deployment alone and only"
                    + " on HTTP 200 moves traffic: CURRENT/PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION, 100 for a first"
                    + " deployment. A failed smoke test leaves traffic as it was and exits 1.",
            "Signs in with DefaultAzureCredential (AZURE_CLIENT_ID/SECRET/TENANT_ID, workload identity, managed"
                    + " identity, az login). Rerunning after a crash or Ctrl-C continues where it stopped.",
            "Every <CONN>_<KEY> the flow reads must be set here or come from --key-vault. Without --image,"
                    + " --registry builds and pushes the image first. --dry-run prints the calls in order with"
                    + " their bodies (secrets ***) and the traffic, offline.",
            "--target kubernetes (alias k8s): plain Kubernetes, no Azure ML. Reads the kubernetes_endpoint element"
                    + " and applies a Secret (connection keys, LLMOPS_SERVE_KEYS), a ConfigMap (env.yaml,"
                    + " ENVIRONMENT_VARIABLES), a Deployment of --image (health probes, CPU_ALLOCATION and"
                    + " MEMORY_ALLOCATION, rolling update, non-root) and a ClusterIP Service named ENDPOINT_NAME."
                    + " --dry-run prints them as YAML without a cluster, Secret values left empty.",
            "--target webapp: an Azure Web App from the webapp_endpoint element (resource group, identity with"
                    + " AcrPull, Linux plan, site, app settings in one update); polls /health, smoke-tests, and with"
                    + " --slot staging swaps only after the slot passed. --dry-run prints the calls, secrets masked."
        },
        subcommands = {
            DeployOperationCommands.Status.class,
            DeployOperationCommands.Test.class,
            DeployOperationCommands.Promote.class,
            DeployOperationCommands.Rollback.class,
            DeployOperationCommands.Logs.class,
            DeployOperationCommands.Delete.class
        })
public final class DeployCommand extends BaseCommand {

    @Mixin
    DeployTargetOptions where;

    @Option(
            names = "--image",
            paramLabel = "REF",
            description =
                    "The image to deploy, e.g. myacr.azurecr.io/web_classification_dev:42 (default: $LLMOPS_IMAGE;"
                            + " Azure ML: else built with --registry).")
    String image;

    @Option(
            names = {"--build_id", "--build-id"},
            paramLabel = "ID",
            description = "Tagged on the endpoint and the deployment.")
    String buildId;

    @Option(
            names = {"--output-file", "--output_file", "-o"},
            paramLabel = "FILE",
            description = "Write a JSON summary: endpoint, deployment, scoring URI, traffic, model version.")
    String outputFile;

    @Option(
            names = "--mirror",
            paramLabel = "PERCENT",
            defaultValue = "0",
            description = "Also copy PERCENT of the endpoint's requests to the new deployment (shadow traffic, 0-50).")
    int mirror;

    @Option(
            names = {"--variant", "--variants"},
            paramLabel = "SELECTION",
            description = "Kubernetes: the variant selection the image serves, as given to llmops build.")
    String variant;

    @Mixin
    KubernetesOptions kubernetes;

    @Mixin
    AmlDeployOptions aml;

    @Mixin
    WebAppCli.SlotOption webApp;

    @Option(
            names = "--no-swap",
            description = "Web app with --slot: stop after the slot's smoke test; llmops deploy promote swaps it.")
    boolean noSwap;

    @Override
    public Integer call() {
        String t = where.target.strip().toLowerCase(Locale.ROOT);
        if (KubernetesCli.isKubernetes(t)) {
            aml.refuseOutsideAml(false);
            return KubernetesCli.deploy(context(), where, kubernetes, image, buildId, variant, outputFile);
        }
        if (WebAppCli.isWebApp(t)) {
            aml.refuseOutsideAml(true);
            return WebAppCli.deploy(
                    context(),
                    WebAppCli.request(
                            where, Optional.ofNullable(image), Optional.ofNullable(buildId), variant, webApp.slot),
                    kubernetes.dryRun,
                    !noSwap);
        }
        if (webApp.slot != null || noSwap) {
            throw ConfigException.of("--slot and --no-swap belong to --target webapp", "add --target webapp");
        }
        if (kubernetes.kubeconfig != null || kubernetes.context != null) {
            throw ConfigException.of(
                    "--kubeconfig and --context belong to --target kubernetes",
                    "add --target kubernetes, or leave them out for Azure ML");
        }
        return AmlCli.deploy(
                context(),
                where.request(
                        Optional.ofNullable(image),
                        Optional.ofNullable(buildId),
                        Optional.ofNullable(outputFile),
                        mirror),
                aml,
                variant,
                kubernetes.dryRun);
    }

    static ArmProgress progress(PrintWriter out) {
        return (what, status, elapsed) -> out.printf("    %s: %s (%d s)%n", what, status, elapsed.toSeconds());
    }

    /** {@code 60m}, {@code 90s}, {@code 2h} or ISO-8601 {@code PT1H}. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.matches("[0-9]+[smh]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw ConfigException.of("--timeout '" + text + "' is not a duration", "write e.g. 60m, 90s, 2h or PT1H");
        }
    }
}
