package dev.llmops.report;

import dev.llmops.eval.gate.GateResult;
import dev.llmops.eval.gate.Numbers;
import dev.llmops.eval.stats.ConfidenceInterval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the report model into the plain maps and lists the FreeMarker template walks, with every number already
 * formatted and every chart coordinate computed, so the template only lays out (and auto-escapes) text.
 */
final class HtmlView {

    private static final int LABEL_WIDTH = 220;
    private static final int BAR_WIDTH = 300;
    private static final int ROW_HEIGHT = 26;

    private HtmlView() {}

    static Map<String, Object> page(ReportModel model, String title, List<EvaluatorReport> scope, boolean lines) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("title", title);
        page.put("experiment", model.experiment());
        page.put("env", nullToEmpty(model.env()));
        page.put("build", nullToEmpty(model.build()));
        page.put("generatedAt", model.generatedAt().toString());
        page.put("baselineSource", nullToEmpty(model.baselineSource()));
        page.put("evaluators", scope.stream().map(EvaluatorReport::name).toList());
        List<String> names = scope.stream().map(EvaluatorReport::name).toList();
        List<GateResult> gates = model.gates().stream()
                .filter(g -> names.contains(g.evaluator()))
                .toList();
        page.put("gates", gates.stream().map(HtmlView::gate).toList());
        page.put("gatesFailed", gates.stream().filter(g -> !g.passed()).count());
        page.put(
                "tables",
                Comparison.of(model, scope).stream().map(HtmlView::table).toList());
        page.put("showLines", lines);
        page.put("runs", lines ? lineSections(scope) : List.of());
        page.put("metricRuns", lines ? List.of() : metricRuns(scope));
        return page;
    }

    private static Map<String, Object> gate(GateResult g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passed", g.passed());
        m.put("message", g.message());
        m.put("gate", g.gate());
        m.put("evaluator", g.evaluator());
        m.put("metric", g.metric());
        m.put("variant", g.variant());
        m.put("dataset", g.dataset());
        m.put("value", Numbers.format(g.value()));
        m.put("threshold", Numbers.format(g.threshold()));
        return m;
    }

    private static Map<String, Object> table(Comparison.Table t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", t.dataset());
        t.dataAsset().ifPresent(a -> m.put("dataAsset", a));
        m.put(
                "columns",
                t.columns().stream()
                        .map(c -> Map.of("evaluator", c.evaluator(), "metric", c.metric()))
                        .toList());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Comparison.Row row : t.rows()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("variant", row.variant());
            r.put("isDefault", row.defaultVariant());
            r.put("cells", row.cells().stream().map(HtmlView::cell).toList());
            r.put("hasRun", row.run().isPresent());
            row.run().ifPresent(run -> {
                r.put("tokens", String.format(Locale.ROOT, "%,d", run.tokens().totalTokens()));
                r.put(
                        "tokenSplit",
                        run.tokens().promptTokens() + " prompt + "
                                + run.tokens().completionTokens() + " completion");
                r.put("cost", run.cost() == null ? "–" : String.format(Locale.ROOT, "$%.4f", run.cost()));
                r.put("p50", millis(run.latencyP50Millis()));
                r.put("p95", millis(run.latencyP95Millis()));
                r.put("lines", run.lines());
                r.put("failedLines", run.failedLines());
                r.put("runId", run.runId());
            });
            rows.add(r);
        }
        m.put("rows", rows);
        List<Map<String, Object>> charts = new ArrayList<>();
        for (int c = 0; c < t.columns().size(); c++) {
            charts.add(chart(t, c));
        }
        m.put("charts", charts);
        m.put("verdicts", Verdicts.of(t));
        return m;
    }

    private static Map<String, Object> cell(Comparison.Cell cell) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("present", cell.metric().isPresent());
        m.put("best", cell.best());
        if (cell.metric().isEmpty()) {
            return m;
        }
        Metric metric = cell.metric().get();
        m.put("value", Numbers.format(metric.value()));
        m.put("ci", metric.interval().map(HtmlView::interval).orElse(""));
        m.put("n", Integer.toString(metric.n()));
        m.put("failed", metric.failed());
        m.put("delta", cell.deltaVsDefault().map(Markdown::signed).orElse(""));
        m.put("deltaClass", cell.deltaVsDefault().map(HtmlView::signClass).orElse(""));
        m.put("deltaCi", cell.deltaInterval().map(HtmlView::interval).orElse(""));
        m.put("deltaSignificant", cell.significant());
        Optional<MetricDelta> baseline = cell.baseline();
        m.put("hasBaseline", baseline.isPresent());
        baseline.ifPresent(b -> {
            m.put("baseline", Numbers.format(b.baseline()));
            m.put("baselineDelta", Markdown.signed(b.delta()));
            m.put("regressed", b.regressed());
            m.put("significant", b.significant());
            m.put("baselineClass", b.regressed() ? "regressed" : signClass(b.delta()));
        });
        return m;
    }

    private static String interval(ConfidenceInterval ci) {
        return "[" + Numbers.format(ci.low()) + ", " + Numbers.format(ci.high()) + "]";
    }

    private static String signClass(double delta) {
        if (delta > 1e-12) {
            return "up";
        }
        return delta < -1e-12 ? "down" : "same";
    }

    /** A horizontal bar per variant with a whisker for its confidence interval. */
    private static Map<String, Object> chart(Comparison.Table t, int column) {
        Comparison.Column col = t.columns().get(column);
        double max = 0;
        double min = 0;
        for (Comparison.Row row : t.rows()) {
            Optional<Metric> metric = row.cells().get(column).metric();
            if (metric.isPresent()) {
                double v = metric.get().value();
                double hi =
                        metric.get().interval().map(ConfidenceInterval::high).orElse(v);
                double lo = metric.get().interval().map(ConfidenceInterval::low).orElse(v);
                if (Double.isFinite(hi)) {
                    max = Math.max(max, Math.max(v, hi));
                }
                if (Double.isFinite(lo)) {
                    min = Math.min(min, Math.min(v, lo));
                }
            }
        }
        double top = niceCeiling(max);
        double bottom = min < 0 ? -niceCeiling(-min) : 0;
        double span = top - bottom == 0 ? 1 : top - bottom;
        List<Map<String, Object>> bars = new ArrayList<>();
        int y = 6;
        for (Comparison.Row row : t.rows()) {
            Comparison.Cell cell = row.cells().get(column);
            Map<String, Object> bar = new LinkedHashMap<>();
            bar.put("label", row.variant());
            bar.put("y", y);
            bar.put("textY", y + 15);
            bar.put("midY", y + 10);
            bar.put("best", cell.best());
            bar.put("isDefault", row.defaultVariant());
            Optional<Metric> metric = cell.metric();
            boolean drawable =
                    metric.isPresent() && Double.isFinite(metric.get().value());
            bar.put("drawable", drawable);
            if (drawable) {
                double v = metric.get().value();
                double zero = x(0, bottom, span);
                double end = x(v, bottom, span);
                bar.put("x", fmt(Math.min(zero, end)));
                bar.put("width", fmt(Math.max(1, Math.abs(end - zero))));
                bar.put("valueX", fmt(LABEL_WIDTH + BAR_WIDTH + 8));
                bar.put("value", Numbers.format(v));
                Optional<ConfidenceInterval> ci = metric.get().interval();
                boolean whisker = ci.isPresent()
                        && Double.isFinite(ci.get().low())
                        && Double.isFinite(ci.get().high());
                bar.put("whisker", whisker);
                if (whisker) {
                    bar.put("ciX1", fmt(x(ci.get().low(), bottom, span)));
                    bar.put("ciX2", fmt(x(ci.get().high(), bottom, span)));
                    bar.put("ciY1", y + 4);
                    bar.put("ciY2", y + 16);
                }
            }
            bars.add(bar);
            y += ROW_HEIGHT;
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("title", col.evaluator() + " · " + col.metric());
        chart.put("width", LABEL_WIDTH + BAR_WIDTH + 70);
        chart.put("height", y + 20);
        chart.put("axisY", y + 2);
        chart.put("axisLabelY", y + 16);
        chart.put("labelX", LABEL_WIDTH - 8);
        chart.put("axisX1", LABEL_WIDTH);
        chart.put("axisX2", LABEL_WIDTH + BAR_WIDTH);
        chart.put("axisMin", Numbers.format(bottom));
        chart.put("axisMax", Numbers.format(top));
        chart.put("bars", bars);
        return chart;
    }

    private static double x(double value, double bottom, double span) {
        return LABEL_WIDTH + (value - bottom) / span * BAR_WIDTH;
    }

    /** 1 for scores in [0, 1], 5 for judge scales, else the next 1-2-5 step. */
    static double niceCeiling(double max) {
        if (max <= 1) {
            return 1;
        }
        if (max <= 5) {
            return 5;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * magnitude >= max) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static String millis(double ms) {
        return Double.isNaN(ms) ? "–" : String.format(Locale.ROOT, "%,d ms", Math.round(ms));
    }

    private static List<Map<String, Object>> metricRuns(List<EvaluatorReport> scope) {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (EvaluatorReport e : scope) {
            for (EvaluationRun run : e.runs()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("evaluator", e.name());
                m.put("variant", run.variant());
                m.put("dataset", run.dataset());
                m.put("evalDataset", run.evalDataset());
                m.put("runId", run.runId());
                m.put("standardRun", run.standardRunId());
                m.put("lines", run.lines().size());
                m.put("failedLines", run.failedLines());
                m.put(
                        "metrics",
                        run.metrics().stream()
                                .map(x -> Map.of(
                                        "name",
                                        x.name(),
                                        "value",
                                        Numbers.format(x.value()),
                                        "ci",
                                        x.interval().map(HtmlView::interval).orElse(""),
                                        "n",
                                        Integer.toString(x.n()),
                                        "failed",
                                        x.failed()))
                                .toList());
                runs.add(m);
            }
        }
        return runs;
    }

    private static List<Map<String, Object>> lineSections(List<EvaluatorReport> scope) {
        List<Map<String, Object>> sections = new ArrayList<>();
        for (EvaluatorReport e : scope) {
            for (EvaluationRun run : e.runs()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("evaluator", e.name());
                s.put("variant", run.variant());
                s.put("dataset", run.dataset());
                s.put("runId", run.runId());
                s.put("total", run.lines().size());
                s.put("failed", run.failedLines());
                List<Map<String, Object>> lines = new ArrayList<>();
                for (LineRow line : run.lines()) {
                    Map<String, Object> l = new LinkedHashMap<>();
                    l.put("index", line.index());
                    l.put("status", line.status().name().toLowerCase(Locale.ROOT));
                    l.put("failure", line.isFailure());
                    l.put("inputs", pairs(line.inputs()));
                    l.put("outputs", pairs(line.outputs()));
                    l.put("groundTruth", Values.text(line.groundTruth()));
                    l.put(
                            "scores",
                            line.scores().entrySet().stream()
                                    .map(x -> Map.of("name", x.getKey(), "value", Numbers.format(x.getValue())))
                                    .toList());
                    l.put("error", nullToEmpty(line.error()));
                    lines.add(l);
                }
                s.put("lines", lines);
                sections.add(s);
            }
        }
        return sections;
    }

    private static List<Map<String, String>> pairs(Map<String, Object> values) {
        return values.entrySet().stream()
                .map(e -> Map.of("name", e.getKey(), "value", Values.text(e.getValue())))
                .toList();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
