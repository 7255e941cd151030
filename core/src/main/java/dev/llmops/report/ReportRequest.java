package dev.llmops.report;

import dev.llmops.experiment.gate.Gate;
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
 * @param countFailedLines whether gates count lines without a result as failures (default) or leave them out
 */
public record ReportRequest(
        ReportModel model, Path reportDir, List<Gate> gates, Optional<Baseline> baseline, boolean countFailedLines) {

    /** A request whose gates count failed lines as failures. */
    public ReportRequest(ReportModel model, Path reportDir, List<Gate> gates, Optional<Baseline> baseline) {
        this(model, reportDir, gates, baseline, true);
    }

    public ReportRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(reportDir, "reportDir");
        gates = List.copyOf(gates);
        Objects.requireNonNull(baseline, "baseline");
    }
}
