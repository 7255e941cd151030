package dev.llmops.cli;

import dev.llmops.error.RunFailedException;
import dev.llmops.eval.EvalService;
import dev.llmops.eval.RunSelection;
import dev.llmops.eval.stats.Bootstrap;
import dev.llmops.experiment.Experiment;
import dev.llmops.report.ReportBuilder;
import dev.llmops.report.ReportJob;
import dev.llmops.report.ReportOutcome;
import dev.llmops.report.ReportService;
import dev.llmops.run.ExperimentResult;
import dev.llmops.run.FailureTolerance;
import dev.llmops.run.store.RunStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/** The steps eval and experiment share after their runs: reports, then one verdict over lines and gates. */
final class Pipeline {

    private Pipeline() {}

    static ReportOutcome report(
            CliContext ctx,
            RunStore store,
            Experiment experiment,
            ReportOptions report,
            RunSelection runs,
            String build) {
        ReportJob job = new ReportJob(
                store,
                new ReportBuilder(store, Bootstrap.defaults(), Clock.systemUTC()),
                new ReportService(ctx.env(), ctx.out()),
                ctx.env());
        ReportOutcome outcome = job.publish(experiment, report.toOptions(ctx, runs, build));
        ReportPrinter.print(outcome, ctx.out());
        return outcome;
    }

    /** An experiment without evaluators has nothing to evaluate; its report shows the standard runs only. */
    static boolean hasEvaluators(Experiment experiment) {
        return !experiment.evaluators().isEmpty();
    }

    /**
     * Exit 1 naming every reason (failed lines beyond the tolerance, failed gates), or 130 when canceled. Called
     * after every report is written.
     */
    static void verdict(List<ExperimentResult> results, FailureTolerance tolerance, ReportOutcome report) {
        List<String> reasons = new ArrayList<>();
        for (ExperimentResult result : results) {
            if (result.canceled()) {
                // Standard runs resume; an evaluation is simply run again (the report takes the newest finished one).
                throw new CancellationException(
                        "canceled; finished lines are kept: 'llmops run --resume latest' continues standard runs,"
                                + " 'llmops eval' evaluates again");
            }
            try {
                result.enforce(tolerance);
            } catch (RunFailedException e) {
                reasons.add(e.getMessage());
            }
        }
        if (report != null) {
            report.failedGates().forEach(g -> reasons.add(g.message()));
        }
        if (!reasons.isEmpty()) {
            throw new RunFailedException(String.join(System.lineSeparator(), reasons));
        }
    }

    static EvalService evalService(CliContext ctx) {
        return new EvalService(ctx.env(), ctx.masker(), ctx.out(), ctx.interactive());
    }
}
