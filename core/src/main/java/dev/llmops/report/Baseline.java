package dev.llmops.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.ConfigException;
import dev.llmops.eval.stats.ConfidenceInterval;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Metric values of an earlier report or run to compare against.
 *
 * @param source where the values came from, shown in reports
 * @param values metric values by key
 */
public record Baseline(String source, Map<MetricKey, Double> values) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Baseline {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A baseline from a model, e.g. one integration rebuilt from a stored run. */
    public static Baseline of(String source, ReportModel model) {
        Map<MetricKey, Double> values = new LinkedHashMap<>();
        for (EvaluatorReport e : model.evaluators()) {
            for (EvaluationRun run : e.runs()) {
                for (Metric m : run.metrics()) {
                    values.put(new MetricKey(e.name(), m.name(), run.variant(), run.dataset()), m.value());
                }
            }
        }
        return new Baseline(source, values);
    }

    /**
     * Loads the {@code metrics.json} of an earlier report.
     *
     * @param dirOrFile a report directory holding {@code metrics.json}, or the file itself
     * @throws ConfigException when the file is missing or not a metrics.json
     */
    public static Baseline load(Path dirOrFile) {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(MetricsJsonWriter.FILE_NAME) : dirOrFile;
        if (!Files.isRegularFile(file)) {
            throw ConfigException.of(
                    "baseline " + file + " does not exist",
                    "pass --baseline the report directory of an earlier run (it holds metrics.json) or a run id");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw ConfigException.of(
                    "baseline " + file + " is not valid JSON: " + e.getMessage(),
                    "point --baseline at a metrics.json written by llmops");
        }
        JsonNode evaluations = root == null ? null : root.get("evaluations");
        if (evaluations == null || !evaluations.isArray()) {
            throw ConfigException.of(
                    "baseline " + file + " has no 'evaluations' list",
                    "point --baseline at a metrics.json written by llmops");
        }
        Map<MetricKey, Double> values = new LinkedHashMap<>();
        for (JsonNode evaluation : evaluations) {
            String evaluator = evaluation.path("evaluator").asText();
            String variant = evaluation.path("variant").asText();
            String dataset = evaluation.path("dataset").asText();
            Iterator<Map.Entry<String, JsonNode>> metrics =
                    evaluation.path("metrics").properties().iterator();
            while (metrics.hasNext()) {
                Map.Entry<String, JsonNode> m = metrics.next();
                JsonNode value = m.getValue().get("value");
                values.put(
                        new MetricKey(evaluator, m.getKey(), variant, dataset),
                        value == null || value.isNull() ? Double.NaN : value.asDouble());
            }
        }
        return new Baseline(file.toString(), values);
    }

    /** The change of every metric of {@code model} that the baseline also has. */
    public List<MetricDelta> deltas(ReportModel model) {
        List<MetricDelta> deltas = new ArrayList<>();
        for (EvaluatorReport e : model.evaluators()) {
            for (EvaluationRun run : e.runs()) {
                for (Metric m : run.metrics()) {
                    MetricKey key = new MetricKey(e.name(), m.name(), run.variant(), run.dataset());
                    Double before = values.get(key);
                    if (before == null || before.isNaN() || Double.isNaN(m.value())) {
                        continue;
                    }
                    double delta = m.value() - before;
                    Optional<ConfidenceInterval> ci = m.interval();
                    boolean significant = ci.isPresent() && !ci.get().contains(before);
                    // Tolerate float noise so that an unchanged metric is not flagged.
                    boolean regressed = delta < -1e-12;
                    deltas.add(new MetricDelta(key, m.value(), before, delta, regressed, significant));
                }
            }
        }
        return deltas;
    }
}
