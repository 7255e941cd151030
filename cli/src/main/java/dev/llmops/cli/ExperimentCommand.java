package dev.llmops.cli;

import dev.llmops.eval.RunSelection;
import dev.llmops.pipeline.PipelineResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code llmops experiment}: run, evaluate, report and gate in one go. */
@Command(
        name = "experiment",
        header = "Run, evaluate, report and gate in one go (the CI step).",
        description = {
            "Run the experiment (as 'llmops run'), evaluate the runs (as 'llmops eval'), write the reports and"
                    + " check the gates, in one process.",
            "Exit 0 ok, 1 when lines failed beyond --max-failed-lines or a gate failed (reports are written"
                    + " first), 2 for a configuration error, 130 when interrupted (resume with --resume)."
        })
public final class ExperimentCommand extends BaseCommand {

    @Mixin
    UseCaseOptions useCase;

    @Mixin
    RunMixin run;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() {
        CliContext ctx = context();
        PipelineResult result;
        try (CancelHook hook = new CancelHook()) {
            result = RunCommand.pipeline(ctx, run.progress(ctx))
                    .experiment(
                            run.toRequest(useCase, ctx),
                            report.toOptions(ctx, new RunSelection.Latest(), run.buildId()),
                            hook::arm);
        }
        result.report().ifPresent(r -> ReportPrinter.print(r, ctx.out()));
        return ExitCodes.of(result.verdict(), ctx);
    }
}
