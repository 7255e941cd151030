package dev.llmops.report;

import java.util.List;

/**
 * The evaluation runs of one evaluator.
 *
 * @param name the evaluator name from the experiment (report files {@code <name>_result.*} are named after it)
 * @param runs one evaluation run per (standard run, matching evaluation dataset)
 */
public record EvaluatorReport(String name, List<EvaluationRun> runs) {

    public EvaluatorReport {
        runs = List.copyOf(runs);
    }
}
