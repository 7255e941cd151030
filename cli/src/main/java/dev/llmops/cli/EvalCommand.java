package dev.llmops.cli;

import dev.llmops.eval.EvalRequest;
import dev.llmops.eval.EvalService;
import dev.llmops.eval.RunSelection;
import dev.llmops.report.ReportOutcome;
import java.util.List;
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
        EvalRequest request = eval.toRequest(useCase, ctx);
        EvalService.Outcome outcome;
        try (CancelHook hook = new CancelHook()) {
            outcome = Pipeline.evalService(ctx).evaluate(request, hook::arm);
        }
        ctx.out()
                .println(
                        "Evaluation runs: " + String.join(", ", outcome.result().runNames()));
        ReportOutcome written = null;
        if (!noReport && !outcome.result().canceled()) {
            List<String> standard =
                    outcome.standardRuns().stream().map(r -> r.name()).toList();
            written = Pipeline.report(
                    ctx, outcome.store(), outcome.experiment(), report, new RunSelection.Ids(standard), eval.buildId);
        }
        Pipeline.verdict(List.of(outcome.result()), eval.tolerance(), written);
        return ExitCodes.OK;
    }
}
