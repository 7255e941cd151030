package dev.llmops.cli;

import dev.llmops.deploy.TrafficSplit;
import dev.llmops.deploy.aml.AmlDeployRequest;
import dev.llmops.deploy.aml.AmlDeployService;
import dev.llmops.deploy.aml.DeployedEndpoint;
import dev.llmops.deploy.azure.ArmProgress;
import dev.llmops.error.ConfigException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmops deploy}: the flow's image to Azure ML online endpoints, blue/green behind a smoke test. */
@Command(
        name = "deploy",
        header = "Deploy to Azure ML online endpoints, blue/green, smoke-tested.",
        description = {
            "Deploys every element of configs/deployment_config.json whose ENV_NAME is the environment: the"
                    + " environment version (the image), the endpoint (created only when absent), the deployment"
                    + " (created or updated); then scores TEST_FILE_PATH against the new deployment alone and only"
                    + " on HTTP 200 moves traffic: CURRENT/PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION, 100 for a first"
                    + " deployment. A failed smoke test leaves traffic as it was and exits 1.",
            "Signs in with DefaultAzureCredential (AZURE_CLIENT_ID/SECRET/TENANT_ID, workload identity, managed"
                    + " identity, az login). Rerunning after a crash or Ctrl-C continues where it stopped."
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
                            + " one of them is required for now).")
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

    @Override
    public Integer call() {
        CliContext context = context();
        PrintWriter out = context.out();
        AmlDeployRequest request = where.request(
                Optional.ofNullable(image), Optional.ofNullable(buildId), Optional.ofNullable(outputFile), mirror);
        List<DeployedEndpoint> done =
                new AmlDeployService(context.env(), context.masker(), out::println, progress(out)).deploy(request);
        for (DeployedEndpoint d : done) {
            out.printf(
                    "deployed %s to endpoint %s: traffic %s%s; scoring URI %s%n",
                    d.deployment(),
                    d.endpoint(),
                    TrafficSplit.describe(d.traffic()),
                    d.mirrorTraffic().isEmpty() ? "" : ", mirror " + TrafficSplit.describe(d.mirrorTraffic()),
                    d.scoringUri());
        }
        return ExitCodes.OK;
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
