package dev.llmops.eval;

import dev.llmops.error.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides which evaluation runs to start: for every evaluator (experiment order) and every standard run (input
 * order), one evaluation per evaluator dataset that matches the run's standard dataset. A dataset matches when its
 * {@code name} is the standard dataset's name (re-use) or its {@code reference} is (a related file with the same
 * lines). Matching is by dataset name only, never by comparing path text as the template did.
 */
public final class EvaluationPlanner {

    /**
     * A standard run to evaluate.
     *
     * @param dataset the name of the standard dataset it ran on
     * @param dataFile the data file it ran on, for line-alignment errors
     * @param lines how many lines it ran
     */
    public record StandardRun(String runId, String dataset, Path dataFile, int lines) {
        public StandardRun {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(dataset, "dataset");
        }
    }

    /**
     * An evaluator dataset entry.
     *
     * @param reference the standard dataset this one's lines correspond to; null when it re-uses a standard dataset
     * @param dataFile the evaluation data file
     */
    public record EvaluatorDataset(String name, String reference, Path dataFile) {
        public boolean matches(String standardDataset) {
            return name.equals(standardDataset) || standardDataset.equals(reference);
        }
    }

    /** An evaluator and its datasets, as the experiment declares them. */
    public record Evaluator(String name, List<EvaluatorDataset> datasets) {
        public Evaluator {
            datasets = List.copyOf(datasets);
        }
    }

    /** One evaluation run to start. */
    public record Planned(Evaluator evaluator, EvaluatorDataset dataset, StandardRun run) {}

    private EvaluationPlanner() {}

    /** The evaluations to run; an evaluator without a matching dataset is skipped for that run. */
    public static List<Planned> plan(List<Evaluator> evaluators, List<StandardRun> runs) {
        List<Planned> planned = new ArrayList<>();
        for (Evaluator evaluator : evaluators) {
            for (StandardRun run : runs) {
                for (EvaluatorDataset dataset : evaluator.datasets()) {
                    if (dataset.matches(run.dataset())) {
                        planned.add(new Planned(evaluator, dataset, run));
                    }
                }
            }
        }
        return planned;
    }

    /**
     * Checks that the evaluation data has one line per line of the standard run, so {@code ${run.outputs.x}} of
     * line i belongs to {@code ${data.x}} of line i.
     *
     * @throws ConfigException naming both files and both counts
     */
    public static void checkAligned(Planned planned, int evaluationLines) {
        StandardRun run = planned.run();
        if (evaluationLines != run.lines()) {
            throw ConfigException.of(
                    "evaluator '" + planned.evaluator().name() + "': evaluation data "
                            + planned.dataset().dataFile()
                            + " has " + evaluationLines + " lines but standard run " + run.runId() + " ran "
                            + run.lines() + " lines of " + run.dataFile(),
                    "dataset '" + planned.dataset().name() + "' must have exactly one line per line of dataset '"
                            + run.dataset() + "', in the same order");
        }
    }
}
