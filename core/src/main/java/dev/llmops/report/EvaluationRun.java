package dev.llmops.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One evaluation run: an evaluator applied to the outputs of one standard run.
 *
 * @param runId the evaluation run id
 * @param standardRunId the standard run it evaluated
 * @param variant the variant of the standard run: {@code <node>.<variant>} or {@code default}
 * @param defaultVariant whether this is the experiment's default variant (deltas are computed against it)
 * @param nodeVariants node → variant for every node with variants, as the template annotates them
 * @param dataset the standard dataset name the variants are compared on
 * @param evalDataset the evaluation dataset name (the {@code dataset} column of template-compatible CSVs)
 * @param metrics aggregated metrics, in the order the evaluator logged them
 * @param lines per-line rows, all of them (no cap)
 */
public record EvaluationRun(
        String runId,
        String standardRunId,
        String variant,
        boolean defaultVariant,
        Map<String, String> nodeVariants,
        String dataset,
        String evalDataset,
        List<Metric> metrics,
        List<LineRow> lines) {

    public EvaluationRun {
        nodeVariants = Collections.unmodifiableMap(new LinkedHashMap<>(nodeVariants));
        metrics = List.copyOf(metrics);
        lines = List.copyOf(lines);
    }

    public Optional<Metric> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public long failedLines() {
        return lines.stream().filter(LineRow::isFailure).count();
    }

    /** Lines that produced no result (the flow or the evaluator raised an error). */
    public List<LineRow> erroredLines() {
        return lines.stream().filter(l -> l.status() == LineStatus.ERROR).toList();
    }
}
