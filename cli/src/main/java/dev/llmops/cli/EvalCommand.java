package dev.llmops.cli;

import dev.llmops.eval.RunSelection;
import dev.llmops.pipeline.PipelineResult;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmops eval}: evaluation runs over standard runs, then the reports. */
@Command(
        name = "eval",
        header = "Evaluate standard runs with the evaluators, then report.",
        description = {
            "Evaluate standard runs: every evaluator whose datasets name or reference a run's dataset runs over the"
                    + " evaluation data with $${data.x}, $${run.outputs.x} and $${run.inputs.x}, into the run store;"
                    + " then the reports and gates as in 'llmops report'.",
            "Exit 0 ok, 1 when evaluation lines failed or a gate failed (after writing every report), 2 for a"
                    + " configuration error, 3 when the runs are missing or unfinished."
        })
public final class EvalCommand extends BaseCommand {

    @Mixin
    UseCaseOptions useCase;

    @Mixin
    EvalMixin eval;

    @Mixin
    ReportOptions report;

    @Option(names = "--no-report", description = "Only run the evaluations; write no report.")
    boolean noReport;

    @Override
    public Integer call() {
        CliContext ctx = context();
        PipelineResult result;
        try (CancelHook hook = new CancelHook()) {
            result = RunCommand.pipeline(ctx, eval.progress(ctx))
                    .evaluate(
                            eval.toRequest(useCase, ctx),
                            noReport
                                    ? Optional.empty()
                                    : Optional.of(report.toOptions(ctx, new RunSelection.Latest(), eval.buildId())),
                            hook::arm);
        }
        result.report().ifPresent(r -> ReportPrinter.print(r, ctx.out()));
        return ExitCodes.of(result.verdict(), ctx);
    }
}
