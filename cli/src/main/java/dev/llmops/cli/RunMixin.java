package dev.llmops.cli;

import dev.llmops.SystemEnv;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.run.FailureTolerance;
import dev.llmops.run.RunOptions;
import dev.llmops.run.RunServiceRequest;
import dev.llmops.run.cache.CacheMode;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of {@code llmops run}, shared with {@code llmops experiment}. */
public final class RunMixin {

    @Option(
            names = {"--variants", "--variant"},
            paramLabel = "SELECTION",
            defaultValue = "all",
            description = "Variants to run: all (each variant once, others at defaults), defaults, grid (every"
                    + " combination), or node.variant,... (default: ${DEFAULT-VALUE}).")
    String variants;

    @Option(
            names = "--max-concurrency",
            paramLabel = "N",
            defaultValue = "" + RunOptions.DEFAULT_CONCURRENCY,
            description = "Lines in flight at once over all runs (default: ${DEFAULT-VALUE}).")
    int maxConcurrency;

    @Option(
            names = "--line-timeout",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description = "Fail a line that takes longer (default: ${DEFAULT-VALUE}).")
    long lineTimeoutSeconds;

    @Option(
            names = "--max-failed-lines",
            paramLabel = "N|P%",
            defaultValue = "0",
            description = "Failed lines a run may have and still pass, as a count or a percentage (default: 0).")
    String maxFailedLines;

    @Option(
            names = "--cache",
            paramLabel = "MODE",
            arity = "0..1",
            fallbackValue = "deterministic",
            description = "Reuse model answers from .llmops/cache: deterministic requests (temperature 0 or a seed),"
                    + " or 'all'.")
    String cache;

    @Option(
            names = "--resume",
            paramLabel = "RUN",
            arity = "0..1",
            fallbackValue = "latest",
            description = "Continue an interrupted experiment (a run name or 'latest'): finished lines are kept.")
    String resume;

    @Option(names = "--retry-failed", description = "With --resume: run the failed lines again too.")
    boolean retryFailed;

    @Option(
            names = {"--build-id", "--build_id"},
            paramLabel = "ID",
            description = "CI build id, stored as a tag on every run.")
    String buildId;

    @Option(
            names = "--runs-dir",
            paramLabel = "DIR",
            description = "Run store folder (default: .llmops/runs under the use case).")
    String runsDir;

    @Option(
            names = {"--output-file", "--output_file"},
            paramLabel = "FILE",
            description = "Write the run names as a JSON list (input for 'llmops eval --runs').")
    String outputFile;

    @Option(
            names = "--record",
            paramLabel = "FILE",
            description = "Append every live model answer to this recordings file (for a ReplayConnection).")
    String recordFile;

    @Option(names = "--dry-run", description = "Print the planned runs and stop.")
    boolean dryRun;

    RunServiceRequest toRequest(UseCaseOptions useCase, SystemEnv env) {
        return new RunServiceRequest(
                new ExperimentRequest(env.resolve(useCase.useCase), useCase.env, useCase.file, true),
                variants,
                maxConcurrency,
                Duration.ofSeconds(lineTimeoutSeconds),
                FailureTolerance.parse(maxFailedLines),
                cache == null ? CacheMode.OFF : CacheMode.parse(cache),
                resume,
                retryFailed,
                buildId,
                path(env, runsDir),
                path(env, outputFile),
                path(env, recordFile),
                dryRun);
    }

    private static Path path(SystemEnv env, String value) {
        return value == null ? null : env.resolve(value);
    }
}
