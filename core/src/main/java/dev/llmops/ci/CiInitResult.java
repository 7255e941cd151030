package dev.llmops.ci;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code llmops ci init} wrote.
 *
 * @param repository the repository root all paths are relative to
 * @param name the use case's name in pipeline, artifact and concurrency names
 * @param written files written, the use case's pipeline first
 * @param kept shared definitions that existed already and were left as they are
 * @param settings what to set up on the CI system, in the order to do it
 */
public record CiInitResult(
        Path repository,
        String name,
        CiPlatform platform,
        List<Path> written,
        List<Path> kept,
        List<CiSetting> settings) {}
