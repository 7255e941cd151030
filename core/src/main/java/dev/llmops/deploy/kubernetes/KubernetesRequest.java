package dev.llmops.deploy.kubernetes;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to deploy to a cluster.
 *
 * @param useCaseDir the use-case folder (the one {@code llmops build} put in the image)
 * @param envName the environment: selects the experiment overlay and the {@code kubernetes_endpoint} element;
 *     null for {@code $ENV_NAME} or none
 * @param fileName the experiment file name; null for {@code experiment.yaml}
 * @param variant the variant selection the image serves; null for the defaults
 * @param image the image reference, as built by {@code llmops build}; null for the operations on a deployment
 * @param buildId the CI build id, a label of every object; null when unknown
 * @param namespace the namespace; null for the kubeconfig context's (else {@code default})
 * @param config the deployment configuration file, relative to the use case; null for {@code
 *     configs/deployment_config.json}
 */
public record KubernetesRequest(
        Path useCaseDir,
        String envName,
        String fileName,
        String variant,
        String image,
        String buildId,
        String namespace,
        Path config) {

    public KubernetesRequest {
        Objects.requireNonNull(useCaseDir, "useCaseDir");
    }
}
