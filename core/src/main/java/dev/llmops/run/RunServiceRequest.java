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
 * @param init a flex class entry's init parameters ({@code --init}, {@code --init-file}) for the standard flow
 */
public record RunServiceRequest(
        ExperimentRequest experiment,
        String variants,
        ExecutionOptions execution,
        Path outputFile,
        Path recordFile,
        boolean dryRun,
        java.util.Map<String, Object> init) {

    public RunServiceRequest(
            ExperimentRequest experiment,
            String variants,
            ExecutionOptions execution,
            Path outputFile,
            Path recordFile,
            boolean dryRun) {
        this(experiment, variants, execution, outputFile, recordFile, dryRun, java.util.Map.of());
    }

    public RunServiceRequest {
        init = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(init));
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(variants, "variants");
        Objects.requireNonNull(execution, "execution");
    }
}
