package dev.llmops.report;

import dev.llmops.eval.gate.GateResult;
import dev.llmops.eval.gate.MetricPoint;
import dev.llmops.eval.stats.Bootstrap;
import dev.llmops.eval.stats.ConfidenceInterval;
import dev.llmops.experiment.gate.RunMetric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a report shows, filled from stored runs: the evaluations per evaluator, the standard runs they
 * evaluated, and, once {@link ReportService} has computed them, baseline deltas and gate results. Writers read it
 * and never call a model.
 *
 * @param experiment the experiment name (report files are named after it)
 * @param env the environment ({@code --env}), or null
 * @param build the CI build id, or null
 * @param generatedAt when the report was produced
 * @param evaluators evaluation results per evaluator, experiment order
 * @param standardRuns the standard runs, with tokens, cost and latency
 * @param baselineSource where the baseline came from (a path or run id), or null without a baseline
 * @param baselineDeltas metric changes against the baseline; empty without one
 * @param gates gate verdicts; empty without gates
 * @param deltaIntervals paired bootstrap intervals of each non-default variant's per-line difference against the
 *     default variant; computed from {@code evaluators} when null, once, because resampling large runs is the
 *     costly part of a report and every writer shows them
 */
public record ReportModel(
        String experiment,
        String env,
        String build,
        Instant generatedAt,
        List<EvaluatorReport> evaluators,
        List<StandardRunSummary> standardRuns,
        String baselineSource,
        List<MetricDelta> baselineDeltas,
        List<GateResult> gates,
        Map<MetricKey, ConfidenceInterval> deltaIntervals) {

    public ReportModel {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(generatedAt, "generatedAt");
        evaluators = List.copyOf(evaluators);
        standardRuns = List.copyOf(standardRuns);
        baselineDeltas = List.copyOf(baselineDeltas);
        gates = List.copyOf(gates);
        deltaIntervals = deltaIntervals == null
                ? Comparison.pairedDeltaIntervals(evaluators, Bootstrap.defaults())
                : Map.copyOf(deltaIntervals);
    }

    /** A model as integration builds it from stored runs: no baseline, no gates yet. */
    public static ReportModel of(
            String experiment,
            String env,
            String build,
            Instant generatedAt,
            List<EvaluatorReport> evaluators,
            List<StandardRunSummary> standardRuns) {
        return new ReportModel(
                experiment, env, build, generatedAt, evaluators, standardRuns, null, List.of(), List.of(), null);
    }

    public ReportModel withBaseline(String source, List<MetricDelta> deltas) {
        return new ReportModel(
                experiment, env, build, generatedAt, evaluators, standardRuns, source, deltas, gates, deltaIntervals);
    }

    public ReportModel withGates(List<GateResult> results) {
        return new ReportModel(
                experiment,
                env,
                build,
                generatedAt,
                evaluators,
                standardRuns,
                baselineSource,
                baselineDeltas,
                results,
                deltaIntervals);
    }

    /** The standard run an evaluation evaluated, if it is part of the model. */
    public java.util.Optional<StandardRunSummary> standardRun(String runId) {
        return standardRuns.stream().filter(r -> r.runId().equals(runId)).findFirst();
    }

    /** The baseline delta of one metric of one evaluation, if there is one. */
    public java.util.Optional<MetricDelta> delta(String evaluator, String metric, String variant, String dataset) {
        return baselineDeltas.stream()
                .filter(d -> d.key().equals(new MetricKey(evaluator, metric, variant, dataset)))
                .findFirst();
    }

    /**
     * Every metric value, with its baseline value when known, as gates see them (failed lines count), then the run
     * metrics of every standard run.
     */
    public List<MetricPoint> metricPoints() {
        return metricPoints(true);
    }

    /**
     * Every metric value with its line counts and baseline value when known, as gates see them.
     *
     * @param countFailed whether gates count failed lines as failures (conservative) or leave them out
     */
    public List<MetricPoint> metricPoints(boolean countFailed) {
        List<MetricPoint> points = new ArrayList<>();
        for (EvaluatorReport evaluator : evaluators) {
            for (EvaluationRun run : evaluator.runs()) {
                for (Metric metric : run.metrics()) {
                    Double baseline = delta(evaluator.name(), metric.name(), run.variant(), run.dataset())
                            .map(MetricDelta::baseline)
                            .orElse(null);
                    points.add(new MetricPoint(
                            evaluator.name(),
                            metric.name(),
                            run.variant(),
                            run.dataset(),
                            metric.value(),
                            baseline,
                            metric.n(),
                            metric.failed(),
                            countFailed,
                            run.defaultVariant()));
                }
            }
        }
        for (StandardRunSummary run : standardRuns) {
            for (RunMetric metric : RunMetric.values()) {
                points.add(new MetricPoint(
                        RunMetric.EVALUATOR,
                        metric.metricName(),
                        run.variant(),
                        run.dataset(),
                        runMetric(metric, run),
                        null,
                        run.lines(),
                        0,
                        false,
                        run.defaultVariant()));
            }
        }
        return points;
    }

    /** A run metric as measured; NaN when unknown (no completed line, no prices). */
    static double runMetric(RunMetric metric, StandardRunSummary run) {
        return switch (metric) {
            case FAILED_LINES -> run.failedLines();
            case FAILED_LINE_RATE -> run.lines() == 0 ? Double.NaN : run.failedLines() / (double) run.lines();
            case LATENCY_P50_MS -> run.latencyP50Millis();
            case LATENCY_P95_MS -> run.latencyP95Millis();
            case COST_USD -> run.cost() == null ? Double.NaN : run.cost();
            case TOKENS -> run.tokens().totalTokens();
        };
    }

    public boolean gatesPassed() {
        return gates.stream().allMatch(GateResult::passed);
    }
}
