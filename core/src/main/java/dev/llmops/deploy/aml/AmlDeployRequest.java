package dev.llmops.deploy.aml;

import dev.llmops.deploy.DeployTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code llmops deploy} was asked to do.
 *
 * @param useCaseDir the use-case folder (relative paths resolve against the working directory)
 * @param env the environment: selects the configuration elements ({@code ENV_NAME}) and the experiment overlay
 * @param experimentFile the experiment file name in the use case, null for {@code experiment.yaml}
 * @param target managed or Kubernetes online endpoint
 * @param image the image to deploy ({@code registry/repository:tag} or {@code @sha256:} digest)
 * @param buildId tagged on the endpoint, deployment and model ({@code --build_id})
 * @param configFile the deployment configuration, empty for {@code <use case>/configs/deployment_config.json}
 * @param outputFile where to write the JSON summary, if anywhere
 * @param subscription {@code --subscription_id}, else the environment
 * @param resourceGroup {@code --resource-group}, else the environment
 * @param workspace {@code --workspace}, else the environment
 * @param mirror shadow traffic for the new deployment in percent (0 for none)
 * @param timeout how long each long-running operation may take
 */
public record AmlDeployRequest(
        Path useCaseDir,
        String env,
        String experimentFile,
        DeployTarget target,
        Optional<String> image,
        Optional<String> buildId,
        Optional<Path> configFile,
        Optional<Path> outputFile,
        Optional<String> subscription,
        Optional<String> resourceGroup,
        Optional<String> workspace,
        int mirror,
        Duration timeout) {

    public AmlDeployRequest {
        Objects.requireNonNull(useCaseDir, "useCaseDir");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timeout, "timeout");
    }
}
