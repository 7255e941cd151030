package dev.llmops.run;

import dev.llmops.experiment.ExperimentRequest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code llmops run} was asked to do.
 *
 * @param experiment which experiment file, overlay and use case
 * @param variants {@code all}, {@code defaults}, {@code grid} or a list {@code node.variant,...}
 * @param execution concurrency, timeouts, tolerance, cache, resume, build id, run store
 * @param outputFile write the run names here as a JSON list, or null
 * @param recordFile append live model answers to this recordings file, or null
 * @param dryRun print the plan and stop
 */
public record RunServiceRequest(
        ExperimentRequest experiment,
        String variants,
        ExecutionOptions execution,
        Path outputFile,
        Path recordFile,
        boolean dryRun) {

    public RunServiceRequest {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(variants, "variants");
        Objects.requireNonNull(execution, "execution");
    }
}
