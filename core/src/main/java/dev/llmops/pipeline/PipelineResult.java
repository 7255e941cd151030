package dev.llmops.pipeline;

import dev.llmops.report.ReportOutcome;
import dev.llmops.run.ExperimentResult;
import dev.llmops.run.variant.PlannedRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a pipeline step did, and its verdict.
 *
 * @param plan the planned standard runs (empty when the step ran none)
 * @param standardRuns the standard runs the step ran or evaluated, by name, in plan order
 * @param runs the standard runs' summaries when the step ran them (empty otherwise, and on a dry run)
 * @param evaluations the evaluation runs' summaries when the step evaluated
 * @param runsDir the run store
 * @param report the reports written, when the step wrote them
 * @param dryRun whether only the plan was made
 */
public record PipelineResult(
        Verdict verdict,
        List<PlannedRun> plan,
        List<String> standardRuns,
        Optional<ExperimentResult> runs,
        Optional<ExperimentResult> evaluations,
        Path runsDir,
        Optional<ReportOutcome> report,
        boolean dryRun) {

    public PipelineResult {
        plan = List.copyOf(plan);
        standardRuns = List.copyOf(standardRuns);
    }
}
