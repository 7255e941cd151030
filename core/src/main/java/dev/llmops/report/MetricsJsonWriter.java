package dev.llmops.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmops.eval.gate.GateResult;
import dev.llmops.eval.stats.ConfidenceInterval;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code metrics.json}: every figure of the report for machines, in a stable shape documented in
 * {@code docs/reports.md} ({@code "format": "llmops-metrics/1"}). Numbers that are not finite are written as
 * {@code null}. {@link Baseline#load} reads this file back.
 */
public final class MetricsJsonWriter implements ReportWriter {

    public static final String FILE_NAME = "metrics.json";
    public static final String FORMAT = "llmops-metrics/1";

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public List<Path> write(ReportModel model, Path reportDir) {
        Map<String, Object> root = toMap(model);
        return List.of(ReportFiles.writeAtomically(reportDir.resolve(FILE_NAME), w -> json.writeValue(w, root)));
    }

    static Map<String, Object> toMap(ReportModel model) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("experiment", model.experiment());
        root.put("env", model.env());
        root.put("build", model.build());
        root.put("generated_at", model.generatedAt().toString());
        root.put("baseline", model.baselineSource());
        root.put("passed", model.gatesPassed());
        root.put("evaluations", evaluations(model));
        root.put(
                "standard_runs",
                model.standardRuns().stream()
                        .map(MetricsJsonWriter::standardRun)
                        .toList());
        root.put("gates", model.gates().stream().map(MetricsJsonWriter::gate).toList());
        return root;
    }

    private static List<Map<String, Object>> evaluations(ReportModel model) {
        Map<String, Comparison.Table> tables = new LinkedHashMap<>();
        Comparison.of(model).forEach(t -> tables.put(t.dataset(), t));
        List<Map<String, Object>> out = new ArrayList<>();
        for (EvaluatorReport evaluator : model.evaluators()) {
            for (EvaluationRun run : evaluator.runs()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("evaluator", evaluator.name());
                e.put("eval_run", run.runId());
                e.put("standard_run", run.standardRunId());
                e.put("variant", run.variant());
                e.put("default_variant", run.defaultVariant());
                e.put("node_variants", run.nodeVariants());
                e.put("dataset", run.dataset());
                e.put("eval_dataset", run.evalDataset());
                e.put("lines", run.lines().size());
                e.put("failed_lines", run.failedLines());
                Map<String, Object> metrics = new LinkedHashMap<>();
                for (Metric m : run.metrics()) {
                    metrics.put(m.name(), metric(tables.get(run.dataset()), evaluator.name(), run, m));
                }
                e.put("metrics", metrics);
                out.add(e);
            }
        }
        return out;
    }

    private static Map<String, Object> metric(Comparison.Table table, String evaluator, EvaluationRun run, Metric m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", finite(m.value()));
        Optional<ConfidenceInterval> ci = m.interval();
        out.put("ci_low", ci.map(c -> finite(c.low())).orElse(null));
        out.put("ci_high", ci.map(c -> finite(c.high())).orElse(null));
        out.put("ci_level", ci.map(ConfidenceInterval::level).orElse(null));
        out.put("n", m.n());
        out.put("failed", m.failed());
        out.put("conservative_value", finite(m.conservative(true)));
        Optional<Comparison.Cell> cell = cell(table, evaluator, run.variant(), m.name());
        out.put("best", cell.map(Comparison.Cell::best).orElse(false));
        out.put(
                "delta_vs_default",
                cell.flatMap(Comparison.Cell::deltaVsDefault)
                        .map(MetricsJsonWriter::finite)
                        .orElse(null));
        Optional<ConfidenceInterval> deltaCi = cell.flatMap(Comparison.Cell::deltaInterval);
        out.put("delta_ci_low", deltaCi.map(c -> finite(c.low())).orElse(null));
        out.put("delta_ci_high", deltaCi.map(c -> finite(c.high())).orElse(null));
        out.put("delta_significant", cell.map(Comparison.Cell::significant).orElse(false));
        Optional<MetricDelta> baseline = cell.flatMap(Comparison.Cell::baseline);
        out.put("baseline", baseline.map(d -> finite(d.baseline())).orElse(null));
        out.put("baseline_delta", baseline.map(d -> finite(d.delta())).orElse(null));
        out.put("regressed", baseline.map(MetricDelta::regressed).orElse(false));
        return out;
    }

    private static Optional<Comparison.Cell> cell(
            Comparison.Table table, String evaluator, String variant, String metric) {
        if (table == null) {
            return Optional.empty();
        }
        for (int c = 0; c < table.columns().size(); c++) {
            Comparison.Column column = table.columns().get(c);
            if (column.evaluator().equals(evaluator) && column.metric().equals(metric)) {
                int index = c;
                return table.rows().stream()
                        .filter(r -> r.variant().equals(variant))
                        .findFirst()
                        .map(r -> r.cells().get(index));
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> standardRun(StandardRunSummary run) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", run.runId());
        out.put("variant", run.variant());
        out.put("default_variant", run.defaultVariant());
        out.put("dataset", run.dataset());
        if (run.dataAsset() != null) {
            out.put("data_asset", run.dataAsset());
        }
        out.put("lines", run.lines());
        out.put("failed_lines", run.failedLines());
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("prompt", run.tokens().promptTokens());
        tokens.put("completion", run.tokens().completionTokens());
        tokens.put("total", run.tokens().totalTokens());
        out.put("tokens", tokens);
        out.put("cost_usd", run.cost());
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", finite(run.latencyP50Millis()));
        latency.put("p95", finite(run.latencyP95Millis()));
        out.put("latency_ms", latency);
        return out;
    }

    private static Map<String, Object> gate(GateResult g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gate", g.gate());
        out.put("evaluator", g.evaluator());
        out.put("metric", g.metric());
        out.put("variant", g.variant());
        out.put("dataset", g.dataset());
        out.put("value", finite(g.value()));
        out.put("threshold", finite(g.threshold()));
        out.put("passed", g.passed());
        out.put("message", g.message());
        return out;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
