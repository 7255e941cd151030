package dev.llmops.cli;

import dev.llmops.eval.RunSelection;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.pipeline.PipelineResult;
import dev.llmops.run.progress.ProgressStyle;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmops report}: re-renders the reports of stored runs without calling a model. */
@Command(
        name = "report",
        header = "Reports and gates from stored runs, without model calls.",
        description = {
            "Write the reports (CSV, HTML, metrics.json, junit.xml) of stored standard runs and their evaluation"
                    + " runs, and check the gates. Calls no model.",
            "Exit 0 when every gate passed, 1 when one failed (after writing every report), 2 for a configuration"
                    + " error, 3 when the runs or their evaluations are missing."
        })
public final class ReportCommand extends BaseCommand {

    @Mixin
    UseCaseOptions useCase;

    @Mixin
    EvalRunOptions runs;

    @Mixin
    ReportOptions report;

    @Option(
            names = {"--build-id", "--build_id"},
            paramLabel = "ID",
            description = "CI build id shown in the reports (default: the runs' build id).")
    String buildId;

    @Override
    public Integer call() {
        CliContext ctx = context();
        Path base = ctx.env().resolve(useCase.useCase);
        // No secrets: a report needs no connection, so it works where the keys are not set.
        PipelineResult result = RunCommand.pipeline(ctx, ProgressStyle.PLAIN)
                .report(
                        new ExperimentRequest(base, useCase.env, useCase.file, false),
                        runs.runsDir == null ? null : ctx.env().resolve(runs.runsDir),
                        report.toOptions(ctx, RunSelection.parse(runs.runs, ctx.env()), buildId));
        result.report().ifPresent(r -> ReportPrinter.print(r, ctx.out()));
        return ExitCodes.of(result.verdict(), ctx);
    }
}
