package dev.llmops.deploy.webapp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code llmops deploy --target webapp} (and its operations) was asked to do.
 *
 * @param useCaseDir the use-case folder, as given
 * @param env the environment: selects the {@code webapp_endpoint} element and the experiment overlay
 * @param experimentFile the experiment file name, null for {@code experiment.yaml}
 * @param variant the variant selection the image serves, null for the defaults
 * @param configFile the deployment configuration, empty for {@code <use case>/configs/deployment_config.json}
 * @param image the image ({@code --image} or {@code $LLMOPS_IMAGE}); empty to derive it from {@code REGISTRY_NAME}
 *     and the build id as the template does
 * @param buildId the CI build id
 * @param slot the deployment slot to deploy to and swap from ({@code --slot}); empty to update production in
 *     place
 * @param subscription {@code --subscription_id}, else the environment
 * @param timeout how long one Azure operation, or the site's start, may take
 */
public record WebAppRequest(
        Path useCaseDir,
        String env,
        String experimentFile,
        String variant,
        Optional<Path> configFile,
        Optional<String> image,
        Optional<String> buildId,
        Optional<String> slot,
        Optional<String> subscription,
        Duration timeout) {

    public WebAppRequest {
        Objects.requireNonNull(useCaseDir, "useCaseDir");
        Objects.requireNonNull(timeout, "timeout");
    }
}
