package dev.llmops.report;

import dev.llmops.error.StateException;
import dev.llmops.eval.RunSelection;
import dev.llmops.eval.StandardRuns;
import dev.llmops.eval.stats.Bootstrap;
import dev.llmops.experiment.Dataset;
import dev.llmops.experiment.Evaluator;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.Mapping;
import dev.llmops.llm.TokenUsage;
import dev.llmops.run.InputMapper;
import dev.llmops.run.ReferencedRunReader;
import dev.llmops.run.store.EvaluationLink;
import dev.llmops.run.store.LineRecord;
import dev.llmops.run.store.RunKind;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds a {@link ReportModel} from stored runs: the standard runs selected, and for each evaluator the newest
 * finished evaluation run linked to each of them (by their {@link EvaluationLink}). Reads only the run store; never
 * calls a model, so {@code llmops report} re-renders without any connection.
 */
public final class ReportBuilder {

    /** Evaluator inputs that hold the expected answer, when mapped from {@code ${data.*}}. */
    private static final Pattern GROUND_TRUTH =
            Pattern.compile("(?i)ground_?truth|expected(_\\w+)?|answer|label|reference|target|gold|truth");

    private final RunStore store;
    private final Bootstrap bootstrap;
    private final Clock clock;

    public ReportBuilder(RunStore store, Bootstrap bootstrap, Clock clock) {
        this.store = store;
        this.bootstrap = bootstrap;
        this.clock = clock;
    }

    /** The standard runs {@code --runs} names; see {@link StandardRuns#select}. */
    public List<RunRecord> standardRuns(RunSelection selection) {
        return StandardRuns.select(store, selection);
    }

    /**
     * The report of the given standard runs and their newest evaluation runs.
     *
     * @param build the CI build id shown in reports, or null (then the runs' {@code build_id} tag, if any)
     * @throws StateException when the experiment has evaluators but none of the runs was evaluated
     */
    public ReportModel build(Experiment experiment, List<RunRecord> standardRuns, String build) {
        List<RunRecord> evaluations = store.list().stream()
                .filter(r -> r.kind() instanceof RunKind.Evaluation e && e.link() != null)
                .filter(r -> !r.status().resumable())
                .sorted(Comparator.comparing(RunRecord::created, Comparator.nullsFirst(Comparator.reverseOrder())))
                .toList();
        List<StandardRunSummary> summaries = new ArrayList<>();
        for (RunRecord run : standardRuns) {
            summaries.add(summary(run));
        }
        List<EvaluatorReport> evaluators = new ArrayList<>();
        int found = 0;
        for (Evaluator evaluator : experiment.evaluators()) {
            List<EvaluationRun> runs = new ArrayList<>();
            for (RunRecord standard : standardRuns) {
                for (RunRecord eval : newestPerDataset(evaluations, evaluator.name(), standard.name())) {
                    runs.add(evaluationRun(evaluator, standard, eval));
                }
            }
            found += runs.size();
            evaluators.add(new EvaluatorReport(evaluator.name(), runs));
        }
        if (found == 0 && !experiment.evaluators().isEmpty()) {
            throw new StateException("none of the runs "
                    + standardRuns.stream().map(RunRecord::name).toList() + " has a finished evaluation run in "
                    + store.root() + "; run 'llmops eval --runs ...' first");
        }
        String buildId = build != null
                ? build
                : standardRuns.stream()
                        .map(RunRecord::buildId)
                        .filter(b -> b != null)
                        .findFirst()
                        .orElse(null);
        return ReportModel.of(experiment.name(), experiment.env(), buildId, clock.instant(), evaluators, summaries);
    }

    private static List<RunRecord> newestPerDataset(List<RunRecord> evaluations, String evaluator, String standard) {
        Map<String, RunRecord> newest = new LinkedHashMap<>();
        for (RunRecord r : evaluations) {
            EvaluationLink link = link(r);
            if (evaluator.equals(link.evaluator()) && standard.equals(link.standardRun())) {
                newest.putIfAbsent(evalDataset(r), r);
            }
        }
        return List.copyOf(newest.values());
    }

    private static EvaluationLink link(RunRecord evaluation) {
        return ((RunKind.Evaluation) evaluation.kind()).link();
    }

    /** The evaluator dataset an evaluation read (older stores: the key the runner gave its data). */
    private static String evalDataset(RunRecord evaluation) {
        String dataset = link(evaluation).evalDataset();
        return dataset != null ? dataset : evaluation.dataset();
    }

    /** The all-defaults run: no overrides (labelled {@code default} or with the first node's default). */
    private static boolean isDefault(RunRecord run) {
        return run.variantOverrides().isEmpty();
    }

    private StandardRunSummary summary(RunRecord run) {
        List<Long> latencies = new ArrayList<>();
        for (LineRecord line : store.lines(run.name())) {
            if (!line.failed()) {
                latencies.add(line.latencyMs());
            }
        }
        LineRecord.Tokens t = run.tokens() == null ? new LineRecord.Tokens(0, 0, 0) : run.tokens();
        RunRecord.Lines lines = run.lines() == null ? new RunRecord.Lines(0, 0, 0) : run.lines();
        return StandardRunSummary.of(
                        run.name(),
                        run.variant(),
                        isDefault(run),
                        run.dataset(),
                        new TokenUsage(t.prompt(), t.completion()),
                        run.costEstimate(),
                        latencies,
                        lines.total(),
                        lines.failed())
                .withDataAsset(run.dataAsset() == null ? null : run.dataAsset().label());
    }

    private EvaluationRun evaluationRun(Evaluator evaluator, RunRecord standard, RunRecord eval) {
        String evalDataset = evalDataset(eval);
        Optional<String> groundTruthInput = evaluator.datasets().stream()
                .filter(d -> d.name().equals(evalDataset))
                .findFirst()
                .flatMap(ReportBuilder::groundTruthInput);
        List<LineRow> rows = lineRows(standard.name(), eval.name(), groundTruthInput);
        Map<String, Double> aggregated = new LinkedHashMap<>();
        Map<String, Object> metrics = eval.metrics() != null ? eval.metrics() : store.metrics(eval.name());
        metrics.forEach((k, v) -> {
            if (v instanceof Number n) {
                aggregated.put(k, n.doubleValue());
            }
        });
        return new EvaluationRun(
                eval.name(),
                standard.name(),
                standard.variant(),
                isDefault(standard),
                nodeVariants(standard.variant()),
                standard.dataset(),
                evalDataset,
                Metric.summarize(aggregated, rows, bootstrap, notEvaluated(standard, rows)),
                rows);
    }

    /** Lines of the standard run the evaluation has no row for (an evaluation stopped short). */
    private static int notEvaluated(RunRecord standard, List<LineRow> rows) {
        int total = standard.lines() == null ? rows.size() : standard.lines().total();
        return Math.max(0, total - rows.size());
    }

    /** {@code a.v1+b.v2} → {a: v1, b: v2}; {@code default} → empty. */
    static Map<String, String> nodeVariants(String label) {
        Map<String, String> variants = new LinkedHashMap<>();
        if (label == null) {
            return variants;
        }
        for (String part : label.split("\\+")) {
            int dot = part.lastIndexOf('.');
            if (dot > 0) {
                variants.put(part.substring(0, dot), part.substring(dot + 1));
            }
        }
        return variants;
    }

    private static Optional<String> groundTruthInput(Dataset dataset) {
        return dataset.mappings().entrySet().stream()
                .filter(e -> e.getValue() instanceof Mapping.Column)
                .map(Map.Entry::getKey)
                .filter(k -> GROUND_TRUTH.matcher(k).matches())
                .findFirst();
    }

    private List<LineRow> lineRows(String standardRun, String evalRun, Optional<String> groundTruthInput) {
        Map<Integer, Map<String, Object>> evalInputs = new HashMap<>();
        store.inputs(evalRun).forEach(in -> evalInputs.put(in.lineNumber(), in.inputs()));
        List<LineRow> rows = new ArrayList<>();
        try (ReferencedRunReader standard = new ReferencedRunReader(store, standardRun)) {
            for (LineRecord line : store.lines(evalRun)) {
                Map<String, Object> inputs = new LinkedHashMap<>(evalInputs.getOrDefault(line.lineNumber(), Map.of()));
                InputMapper.ReferencedLine ref = standard.line(line.lineNumber());
                if (ref != null) {
                    ref.inputs().forEach(inputs::putIfAbsent);
                }
                Map<String, Object> outputs = line.outputs() == null ? Map.of() : line.outputs();
                Map<String, Double> scores = LineScores.of(outputs);
                LineStatus status = line.failed() ? LineStatus.ERROR : LineStatus.fromOutputs(outputs);
                String error = line.error() == null ? null : line.error().message();
                Object groundTruth = groundTruthInput.map(inputs::get).orElse(null);
                rows.add(new LineRow(line.lineNumber(), inputs, outputs, groundTruth, scores, status, error));
            }
        }
        return rows;
    }
}
