package dev.llmops.report;

import dev.llmops.eval.gate.Gate;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to publish.
 *
 * @param model the report model built from stored runs
 * @param reportDir where to write ({@code --report-dir}, default {@code reports/}); created when missing
 * @param gates gates from {@code --fail-under}, {@code --max-regression} and the experiment's {@code gates:}
 * @param baseline values to compare against ({@code --baseline}), if any
 */
public record ReportRequest(ReportModel model, Path reportDir, List<Gate> gates, Optional<Baseline> baseline) {

    public ReportRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(reportDir, "reportDir");
        gates = List.copyOf(gates);
        Objects.requireNonNull(baseline, "baseline");
    }
}
