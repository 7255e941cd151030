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
 * @param keyVault a Key Vault whose secrets the deployment reads for connection values ({@code --key-vault}):
 *     each secret {@code <CONN>_<KEY>} goes as a reference the service resolves, never as a value
 * @param build how to build the image when none is given ({@code --registry}); empty to require one
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
        Duration timeout,
        Optional<String> keyVault,
        Optional<AmlImageBuild> build) {

    public AmlDeployRequest {
        Objects.requireNonNull(useCaseDir, "useCaseDir");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(keyVault, "keyVault");
        Objects.requireNonNull(build, "build");
    }

    /** A request with connection values from the environment only, and an image given. */
    public AmlDeployRequest(
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
        this(
                useCaseDir,
                env,
                experimentFile,
                target,
                image,
                buildId,
                configFile,
                outputFile,
                subscription,
                resourceGroup,
                workspace,
                mirror,
                timeout,
                Optional.empty(),
                Optional.empty());
    }

    /** The same request, reading connection secrets from this Key Vault ({@code --key-vault}). */
    public AmlDeployRequest withKeyVault(Optional<String> vault) {
        return new AmlDeployRequest(
                useCaseDir,
                env,
                experimentFile,
                target,
                image,
                buildId,
                configFile,
                outputFile,
                subscription,
                resourceGroup,
                workspace,
                mirror,
                timeout,
                vault,
                build);
    }

    /** The same request, building the image this way when none is given. */
    public AmlDeployRequest withBuild(Optional<AmlImageBuild> how) {
        return new AmlDeployRequest(
                useCaseDir,
                env,
                experimentFile,
                target,
                image,
                buildId,
                configFile,
                outputFile,
                subscription,
                resourceGroup,
                workspace,
                mirror,
                timeout,
                keyVault,
                how);
    }
}
