package dev.llmops.cli;

import dev.llmops.eval.EvalRequest;
import dev.llmops.eval.RunSelection;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.run.progress.ProgressStyle;
import java.time.Instant;
import picocli.CommandLine.Mixin;

/** The options of {@code llmops eval}: which runs, and the execution options named as in {@code llmops run}. */
public final class EvalMixin {

    @Mixin
    EvalRunOptions runs;

    @Mixin
    ExecutionMixin execution;

    @Mixin
    ConnectionMixin connections;

    @Mixin
    LogOptions logs;

    EvalRequest toRequest(UseCaseOptions useCase, CliContext context) {
        return new EvalRequest(
                new ExperimentRequest(
                        context.env().resolve(useCase.useCase),
                        useCase.env,
                        useCase.file,
                        true,
                        connections.overrides(context)),
                RunSelection.parse(runs.runs, context.env()),
                execution.toOptions(runs.runsDir == null ? null : context.env().resolve(runs.runsDir)),
                logs.toRequest(Instant.now()));
    }

    String buildId() {
        return execution.buildId;
    }

    ProgressStyle progress(CliContext context) {
        return execution.progress(context);
    }
}
