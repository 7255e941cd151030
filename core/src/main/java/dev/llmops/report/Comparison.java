package dev.llmops.report;

import dev.llmops.eval.stats.Bootstrap;
import dev.llmops.eval.stats.ConfidenceInterval;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The variant comparison a report leads with: per dataset, every metric of every evaluator per variant, the best
 * variant per metric and each variant's delta against the default variant. Shared by the HTML, Markdown and JSON
 * writers so they always agree.
 */
public final class Comparison {

    /** One metric column: an evaluator's metric and the variants holding its best value. */
    public record Column(String evaluator, String metric, Set<String> bestVariants) {}

    /**
     * One metric of one variant.
     *
     * @param metric the value, empty when this variant has no such metric
     * @param deltaVsDefault value − default variant's value; empty for the default itself or without a default
     * @param deltaInterval paired bootstrap 95 % interval of the per-line difference against the default, when both
     *     metrics are means of line scores; excluding 0 means the difference is unlikely to be noise
     * @param best whether this variant holds the best value (only when there are at least two variants)
     * @param baseline the change against the baseline, if any
     */
    public record Cell(
            Optional<Metric> metric,
            Optional<Double> deltaVsDefault,
            Optional<ConfidenceInterval> deltaInterval,
            boolean best,
            Optional<MetricDelta> baseline) {

        /** Whether the paired interval of the delta against the default excludes zero. */
        public boolean significant() {
            return deltaInterval.map(ci -> ci.low() > 0 || ci.high() < 0).orElse(false);
        }
    }

    /** One variant's row. {@code run} is the standard run summary when the model has it. */
    public record Row(String variant, boolean defaultVariant, List<Cell> cells, Optional<StandardRunSummary> run) {}

    public record Table(String dataset, List<Column> columns, List<Row> rows) {

        /** The data asset versions the table's standard runs read ({@code azureml:<name>:<version>}), if any. */
        public Optional<String> dataAsset() {
            List<String> assets = rows.stream()
                    .flatMap(r -> r.run().stream())
                    .map(StandardRunSummary::dataAsset)
                    .filter(java.util.Objects::nonNull)
                    .distinct()
                    .toList();
            return assets.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", assets));
        }
    }

    private Comparison() {}

    /** Tables for all evaluators, one per dataset in first-appearance order. */
    public static List<Table> of(ReportModel model) {
        return of(model, model.evaluators());
    }

    /**
     * The paired intervals of every non-default variant against the default variant of the same evaluator and
     * dataset, keyed by the non-default variant's metric.
     */
    static Map<MetricKey, ConfidenceInterval> pairedDeltaIntervals(
            List<EvaluatorReport> evaluators, Bootstrap bootstrap) {
        Map<MetricKey, ConfidenceInterval> intervals = new HashMap<>();
        for (EvaluatorReport evaluator : evaluators) {
            for (EvaluationRun base : evaluator.runs()) {
                if (!base.defaultVariant()) {
                    continue;
                }
                for (EvaluationRun run : evaluator.runs()) {
                    if (run.defaultVariant() || !run.dataset().equals(base.dataset())) {
                        continue;
                    }
                    for (Metric metric : run.metrics()) {
                        pairedInterval(run, base, metric.name(), bootstrap)
                                .ifPresent(ci -> intervals.put(
                                        new MetricKey(evaluator.name(), metric.name(), run.variant(), run.dataset()),
                                        ci));
                    }
                }
            }
        }
        return intervals;
    }

    /**
     * The paired interval of a metric's per-line difference, lines matched by index. Only for metrics that carry
     * an interval on both sides, i.e. that are means of per-line scores.
     */
    private static Optional<ConfidenceInterval> pairedInterval(
            EvaluationRun run, EvaluationRun base, String metric, Bootstrap bootstrap) {
        boolean perLine = run.metric(metric).flatMap(Metric::interval).isPresent()
                && base.metric(metric).flatMap(Metric::interval).isPresent();
        if (!perLine) {
            return Optional.empty();
        }
        Map<Integer, Double> baseScores = new HashMap<>();
        base.lines().forEach(l -> {
            Double v = l.scores().get(metric);
            if (v != null) {
                baseScores.put(l.index(), v);
            }
        });
        List<double[]> pairs = new ArrayList<>();
        for (LineRow line : run.lines()) {
            Double v = line.scores().get(metric);
            Double b = baseScores.get(line.index());
            if (v != null && b != null) {
                pairs.add(new double[] {v, b});
            }
        }
        if (pairs.size() < 2) {
            return Optional.empty();
        }
        double[] a = pairs.stream().mapToDouble(p -> p[0]).toArray();
        double[] b = pairs.stream().mapToDouble(p -> p[1]).toArray();
        ConfidenceInterval ci = bootstrap.pairedDifferenceInterval(a, b);
        return Double.isNaN(ci.mean()) ? Optional.empty() : Optional.of(ci);
    }

    /** Tables restricted to some evaluators (the per-evaluator reports). */
    public static List<Table> of(ReportModel model, List<EvaluatorReport> evaluators) {
        Map<String, List<Evaluated>> byDataset = new LinkedHashMap<>();
        for (EvaluatorReport evaluator : evaluators) {
            for (EvaluationRun run : evaluator.runs()) {
                byDataset
                        .computeIfAbsent(run.dataset(), d -> new ArrayList<>())
                        .add(new Evaluated(evaluator.name(), run));
            }
        }
        List<Table> tables = new ArrayList<>();
        byDataset.forEach((dataset, runs) -> tables.add(table(model, dataset, runs)));
        return tables;
    }

    private record Evaluated(String evaluator, EvaluationRun run) {}

    private static Table table(ReportModel model, String dataset, List<Evaluated> runs) {
        Set<String> variants = new LinkedHashSet<>();
        Set<String> defaults = new LinkedHashSet<>();
        List<String[]> columns = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Evaluated e : runs) {
            if (e.run.defaultVariant()) {
                defaults.add(e.run.variant());
            }
            for (Metric m : e.run.metrics()) {
                if (seen.add(e.evaluator + "\u0000" + m.name())) {
                    columns.add(new String[] {e.evaluator, m.name()});
                }
            }
        }
        // The default variant leads, the others keep the order they ran in.
        variants.addAll(defaults);
        runs.forEach(e -> variants.add(e.run.variant()));
        String defaultVariant = defaults.isEmpty() ? null : defaults.iterator().next();

        List<Column> cols = new ArrayList<>();
        for (String[] c : columns) {
            cols.add(new Column(c[0], c[1], best(runs, c[0], c[1], variants.size())));
        }
        List<Row> rows = new ArrayList<>();
        for (String variant : variants) {
            List<Cell> cells = new ArrayList<>();
            String standardRunId = null;
            for (Column col : cols) {
                Optional<EvaluationRun> run = find(runs, col.evaluator(), variant);
                if (run.isPresent()) {
                    standardRunId = run.get().standardRunId();
                }
                Optional<Metric> metric = run.flatMap(r -> r.metric(col.metric()));
                Optional<Double> delta = Optional.empty();
                Optional<ConfidenceInterval> deltaInterval = Optional.empty();
                if (metric.isPresent() && defaultVariant != null && !variant.equals(defaultVariant)) {
                    Optional<EvaluationRun> base = find(runs, col.evaluator(), defaultVariant);
                    delta = base.flatMap(r -> r.metric(col.metric()))
                            .map(d -> metric.get().value() - d.value())
                            .filter(d -> !d.isNaN());
                    if (delta.isPresent()) {
                        deltaInterval = Optional.ofNullable(model.deltaIntervals()
                                .get(new MetricKey(col.evaluator(), col.metric(), variant, dataset)));
                    }
                }
                cells.add(new Cell(
                        metric,
                        delta,
                        deltaInterval,
                        col.bestVariants().contains(variant),
                        model.delta(col.evaluator(), col.metric(), variant, dataset)));
            }
            if (standardRunId == null) {
                standardRunId = runs.stream()
                        .filter(e -> e.run.variant().equals(variant))
                        .map(e -> e.run.standardRunId())
                        .findFirst()
                        .orElse("");
            }
            rows.add(new Row(variant, variant.equals(defaultVariant), cells, model.standardRun(standardRunId)));
        }
        return new Table(dataset, cols, rows);
    }

    private static Set<String> best(List<Evaluated> runs, String evaluator, String metric, int variantCount) {
        Set<String> best = new LinkedHashSet<>();
        if (variantCount < 2) {
            return best;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (Evaluated e : runs) {
            if (!e.evaluator.equals(evaluator)) {
                continue;
            }
            Optional<Metric> m = e.run.metric(metric);
            if (m.isEmpty() || Double.isNaN(m.get().value())) {
                continue;
            }
            double v = m.get().value();
            if (v > max) {
                max = v;
                best.clear();
                best.add(e.run.variant());
            } else if (v == max) {
                best.add(e.run.variant());
            }
        }
        // A tie between every variant that has the metric singles nobody out.
        long withValue = runs.stream()
                .filter(e -> e.evaluator.equals(evaluator))
                .filter(e -> e.run.metric(metric)
                        .filter(m -> !Double.isNaN(m.value()))
                        .isPresent())
                .map(e -> e.run.variant())
                .distinct()
                .count();
        if (best.size() == withValue && withValue > 1) {
            best.clear();
        }
        return best;
    }

    private static Optional<EvaluationRun> find(List<Evaluated> runs, String evaluator, String variant) {
        return runs.stream()
                .filter(e -> e.evaluator.equals(evaluator) && e.run.variant().equals(variant))
                .map(Evaluated::run)
                .findFirst();
    }
}
