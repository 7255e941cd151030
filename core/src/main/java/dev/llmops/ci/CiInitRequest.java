package dev.llmops.ci;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code llmops ci init} was asked to do.
 *
 * @param useCase the use-case folder (holding experiment.yaml)
 * @param platform the CI system to write for
 * @param repository the repository root; empty: the nearest folder above the use case holding {@code .git}
 */
public record CiInitRequest(Path useCase, CiPlatform platform, Optional<Path> repository) {}
