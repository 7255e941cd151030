package dev.llmops.report;

import dev.llmops.eval.stats.Descriptive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-line scores that may explain an aggregated metric: those named like it. A per-line score {@code x}
 * (or {@code obj.x} inside an object output) explains a metric {@code x}, {@code x_rate}, {@code x_mean},
 * {@code x_score}, {@code mean_x}, {@code avg_x} or {@code average_x}; the exact name comes first.
 */
final class PerLineSeries {

    private static final List<String> SUFFIXES = List.of("", "_rate", "_mean", "_score", "_avg");
    private static final Set<String> PREFIXES = Set.of("mean_", "avg_", "average_");

    private PerLineSeries() {}

    static List<double[]> candidates(String metric, List<LineRow> lines) {
        Map<String, List<Double>> byName = new LinkedHashMap<>();
        lines.forEach(l -> l.scores().forEach((k, v) -> byName.computeIfAbsent(k, x -> new ArrayList<>())
                .add(v)));
        List<double[]> out = new ArrayList<>();
        if (byName.containsKey(metric)) {
            out.add(Descriptive.finite(byName.get(metric)));
        }
        byName.forEach((name, values) -> {
            if (!name.equals(metric) && explains(name, metric)) {
                out.add(Descriptive.finite(values));
            }
        });
        return out;
    }

    static boolean explains(String scoreName, String metric) {
        String base = scoreName.substring(scoreName.lastIndexOf('.') + 1);
        for (String suffix : SUFFIXES) {
            if (metric.equals(base + suffix)) {
                return true;
            }
        }
        return PREFIXES.stream().anyMatch(p -> metric.equals(p + base));
    }
}
