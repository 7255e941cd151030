package dev.llmops.image;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to build: the use case as served, and where its image goes.
 *
 * @param useCaseDir the use-case folder holding the experiment file
 * @param envName the environment overlay baked into the entrypoint ({@code -e}); null for none
 * @param fileName the experiment file name; null for {@code experiment.yaml}
 * @param variant the variant selection served ({@code ${node.variant}}); null for the defaults
 * @param jar the llmops jar copied into the image
 * @param buildId the CI build id: a label, {@code BUILD_INFO} and a second tag; null when unknown
 * @param gitSha the commit the use case was built from: a label; null when unknown
 */
public record ImageRequest(
        Path useCaseDir, String envName, String fileName, String variant, Path jar, String buildId, String gitSha) {

    public ImageRequest {
        Objects.requireNonNull(useCaseDir, "useCaseDir");
        Objects.requireNonNull(jar, "jar");
    }

    public Optional<String> env() {
        return Optional.ofNullable(envName).filter(s -> !s.isBlank());
    }

    public Optional<String> variantSelection() {
        return Optional.ofNullable(variant).filter(s -> !s.isBlank());
    }
}
