package dev.llmops.cli;

import dev.llmops.eval.EvalRequest;
import dev.llmops.eval.RunSelection;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.run.FailureTolerance;
import dev.llmops.run.RunOptions;
import dev.llmops.run.cache.CacheMode;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The execution options of {@code llmops eval}, named as in {@code llmops run}. */
public final class EvalMixin {

    @Mixin
    EvalRunOptions runs;

    @Option(
            names = "--max-concurrency",
            paramLabel = "N",
            defaultValue = "" + RunOptions.DEFAULT_CONCURRENCY,
            description = "Evaluation lines in flight at once over all runs (default: ${DEFAULT-VALUE}).")
    int maxConcurrency;

    @Option(
            names = "--line-timeout",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description = "Fail an evaluation line that takes longer (default: ${DEFAULT-VALUE}).")
    long lineTimeoutSeconds;

    @Option(
            names = "--max-failed-lines",
            paramLabel = "N|P%",
            defaultValue = "0",
            description = "Failed evaluation lines a run may have and still pass (default: 0).")
    String maxFailedLines;

    @Option(
            names = "--cache",
            paramLabel = "MODE",
            arity = "0..1",
            fallbackValue = "deterministic",
            description = "Reuse model answers of judges and evaluation flows from .llmops/cache.")
    String cache;

    @Option(
            names = {"--build-id", "--build_id"},
            paramLabel = "ID",
            description = "CI build id, stored as a tag on every evaluation run and shown in the reports.")
    String buildId;

    @Option(
            names = "--resume",
            paramLabel = "RUN",
            arity = "0..1",
            fallbackValue = "latest",
            description = "Continue an interrupted evaluation ('latest', an evaluation run's name, or a standard"
                    + " run's name): finished evaluation lines are kept; with the default --runs it evaluates the"
                    + " runs the interrupted evaluation was evaluating.")
    String resume;

    @Option(names = "--retry-failed", description = "With --resume: evaluate the failed lines again too.")
    boolean retryFailed;

    EvalRequest toRequest(UseCaseOptions useCase, CliContext context) {
        return new EvalRequest(
                new ExperimentRequest(context.env().resolve(useCase.useCase), useCase.env, useCase.file, true),
                RunSelection.parse(runs.runs, context.env()),
                maxConcurrency,
                Duration.ofSeconds(lineTimeoutSeconds),
                cache == null ? CacheMode.OFF : CacheMode.parse(cache),
                buildId,
                runs.runsDir == null ? null : context.env().resolve(runs.runsDir),
                resume,
                retryFailed);
    }

    FailureTolerance tolerance() {
        return FailureTolerance.parse(maxFailedLines);
    }
}
