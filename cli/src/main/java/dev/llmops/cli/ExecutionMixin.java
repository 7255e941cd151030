package dev.llmops.cli;

import dev.llmops.run.ExecutionOptions;
import dev.llmops.run.FailureTolerance;
import dev.llmops.run.RunOptions;
import dev.llmops.run.cache.CacheMode;
import dev.llmops.run.progress.ProgressStyle;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The execution options of {@code llmops run}, {@code eval} and {@code experiment}, declared once. */
public final class ExecutionMixin {

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
            description = "Failed lines a run may have and still pass, as a count or a percentage (default: 0; eval:"
                    + " what the evaluated runs were given).")
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
            description = "Continue an interrupted run or evaluation ('latest' or a run name): finished lines are kept;"
                    + " eval also takes a standard run's name and then evaluates what it was evaluating.")
    String resume;

    @Option(names = "--retry-failed", description = "With --resume: run the failed lines again too.")
    boolean retryFailed;

    @Option(
            names = {"--build-id", "--build_id"},
            paramLabel = "ID",
            description = "CI build id, stored as a tag on every run and shown in the reports.")
    String buildId;

    @Option(
            names = "--no-progress",
            description = "Show no progress while lines run (the summary still prints at the end).")
    boolean noProgress;

    @Option(
            names = {"-q", "--quiet"},
            description = "Print only the results: no progress, no plan, no step-by-step lines.")
    boolean quiet;

    /** How progress shows for these options, given where the output goes. */
    ProgressStyle progress(CliContext context) {
        return context.progress(noProgress, quiet);
    }

    /** The options, with the run store given by the command's own {@code --runs-dir} (null for the default). */
    ExecutionOptions toOptions(Path runsDir) {
        return new ExecutionOptions(
                maxConcurrency,
                Duration.ofSeconds(lineTimeoutSeconds),
                maxFailedLines == null ? null : FailureTolerance.parse(maxFailedLines),
                cache == null ? CacheMode.OFF : CacheMode.parse(cache),
                resume,
                retryFailed,
                buildId,
                runsDir);
    }
}
