package dev.llmops.cli;

import dev.llmops.eval.EvalRequest;
import dev.llmops.eval.EvalService;
import dev.llmops.eval.RunSelection;
import dev.llmops.report.ReportOutcome;
import dev.llmops.run.ExperimentResult;
import dev.llmops.run.RunService;
import dev.llmops.run.RunServiceRequest;
import dev.llmops.run.store.RunStore;
import java.util.ArrayList;
import java.util.List;
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
        RunServiceRequest runRequest = run.toRequest(useCase, ctx.env());
        List<ExperimentResult> results = new ArrayList<>();
        RunService.Outcome ran;
        try (CancelHook hook = new CancelHook()) {
            ran = new RunService(ctx.env(), ctx.masker(), ctx.out(), ctx.interactive()).run(runRequest, hook::arm);
        }
        if (ran.result() == null) {
            return ExitCodes.OK; // --dry-run
        }
        results.add(ran.result());
        ReportOutcome written = null;
        if (!ran.result().canceled()) {
            RunSelection standard = new RunSelection.Ids(ran.result().runNames());
            RunStore store = new RunStore(ran.runsDir());
            if (Pipeline.hasEvaluators(ran.experiment())) {
                EvalRequest evalRequest = new EvalRequest(
                        runRequest.experiment(),
                        standard,
                        runRequest.maxConcurrency(),
                        runRequest.lineTimeout(),
                        runRequest.cache(),
                        runRequest.buildId(),
                        ran.runsDir(),
                        // On --resume, continue the evaluation batch of these standard runs (if one started).
                        runRequest.resume() == null
                                ? null
                                : ran.result().runNames().get(0),
                        runRequest.retryFailed());
                EvalService.Outcome evaluated;
                try (CancelHook hook = new CancelHook()) {
                    evaluated = Pipeline.evalService(ctx).evaluate(evalRequest, hook::arm);
                }
                results.add(evaluated.result());
                if (evaluated.result().canceled()) {
                    Pipeline.verdict(results, runRequest.maxFailed(), null);
                }
            }
            written = Pipeline.report(ctx, store, ran.experiment(), report, standard, runRequest.buildId());
        }
        Pipeline.verdict(results, runRequest.maxFailed(), written);
        return ExitCodes.OK;
    }
}
