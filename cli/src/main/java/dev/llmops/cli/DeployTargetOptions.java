package dev.llmops.cli;

import dev.llmops.deploy.DeployTarget;
import dev.llmops.deploy.aml.AmlDeployRequest;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every {@code llmops deploy} command needs: the use case, the environment, the target and the workspace. */
public final class DeployTargetOptions {

    @Mixin
    UseCaseOptions useCase;

    @Mixin
    AzureOptions azure;

    @Option(
            names = {"-t", "--target"},
            paramLabel = "TARGET",
            defaultValue = "azure_managed",
            description = "azure_managed (alias aml), kubernetes_endpoint (alias aks: Azure ML on attached compute),"
                    + " kubernetes (alias k8s: plain Kubernetes) or webapp (Azure Web App) (default:"
                    + " ${DEFAULT-VALUE}).")
    String target;

    @Option(
            names = {"--config"},
            paramLabel = "FILE",
            description = "Deployment configuration (default: <use case>/configs/deployment_config.json).")
    String config;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "60m",
            description = "Longest wait for one Azure operation or one Kubernetes rollout, e.g. 60m, 90s, PT2H"
                    + " (default: ${DEFAULT-VALUE}).")
    String timeout;

    AmlDeployRequest request(
            Optional<String> image, Optional<String> buildId, Optional<String> outputFile, int mirror) {
        return new AmlDeployRequest(
                Path.of(useCase.useCase),
                useCase.env,
                useCase.file,
                DeployTarget.parse(target),
                image,
                buildId,
                Optional.ofNullable(config).map(Path::of),
                outputFile.map(Path::of),
                azure.subscription(),
                azure.resourceGroup(),
                azure.workspace(),
                mirror,
                DeployCommand.duration(timeout));
    }

    AmlDeployRequest request() {
        return request(Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }
}
