package dev.llmops.experiment.gate;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.yaml.YLocation;
import dev.llmops.yaml.YNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads gates from the command line ({@code --fail-under metric=value}, {@code --fail-above metric=value},
 * {@code --max-regression metric=delta}, all accepting {@code evaluator.metric} and {@code run.<metric>}) and from
 * the {@code gates:} block of an experiment file (docs/reports.md has the syntax):
 *
 * <pre>
 * gates:
 *   - metric: accuracy          # required; evaluator.metric and run.latency_p95_ms work too
 *     evaluator: evaluation     # optional; needed when two evaluators report the same metric
 *     min: 0.8                  # fail when below
 *     variant: best             # best (default), all, default, or a variant such as node.variant_1
 *   - metric: error_rate
 *     max: 0.1                  # fail when above; lower is better unless better: says otherwise
 *   - metric: f1_score
 *     max_regression: 0.05      # fail when more than 0.05 worse than the --baseline value
 *     better: higher            # higher (default) or lower
 * </pre>
 *
 * An entry may set several of {@code min}, {@code max} and {@code max_regression}; it then yields a gate for each.
 */
public final class GateParser {

    private static final Set<String> KEYS =
            Set.of("metric", "evaluator", "min", "max", "max_regression", "better", "variant");

    private GateParser() {}

    /** Parses one {@code --fail-under} value for the best variant, e.g. {@code accuracy=0.8}. */
    public static Gate.MinGate failUnder(String argument) {
        return failUnder(argument, new VariantScope.Best());
    }

    /** Parses one {@code --fail-under} value, e.g. {@code accuracy=0.8} or {@code evaluation.accuracy=0.8}. */
    public static Gate.MinGate failUnder(String argument, VariantScope variants) {
        Parsed p = parse("--fail-under", argument);
        return new Gate.MinGate(
                p.evaluator, p.metric, p.value, p.better(Better.HIGHER), variants, "--fail-under " + argument, null);
    }

    /** Parses one {@code --fail-above} value (a lower-is-better maximum), e.g. {@code run.latency_p95_ms=2000}. */
    public static Gate.MaxGate failAbove(String argument, VariantScope variants) {
        Parsed p = parse("--fail-above", argument);
        return new Gate.MaxGate(
                p.evaluator, p.metric, p.value, Better.LOWER, variants, "--fail-above " + argument, null);
    }

    /** Parses one {@code --max-regression} value for the best variant, e.g. {@code accuracy=0.05}. */
    public static Gate.MaxRegressionGate maxRegression(String argument) {
        return maxRegression(argument, new VariantScope.Best());
    }

    /** Parses one {@code --max-regression} value, e.g. {@code accuracy=0.05}. */
    public static Gate.MaxRegressionGate maxRegression(String argument, VariantScope variants) {
        Parsed p = parse("--max-regression", argument);
        if (p.value < 0) {
            throw ConfigException.of(
                    "--max-regression " + argument + ": the allowed drop must not be negative",
                    "write the drop as a positive number, e.g. --max-regression " + p.reference() + "=0.05");
        }
        if (RunMetric.EVALUATOR.equals(p.evaluator)) {
            throw ConfigException.of(
                    "--max-regression " + argument + ": run metrics are gated by a limit, not against a baseline",
                    "use --fail-above " + p.reference() + "=VALUE");
        }
        return new Gate.MaxRegressionGate(
                p.evaluator, p.metric, p.value, Better.HIGHER, variants, "--max-regression " + argument, null);
    }

    /** Parses a {@code --gate-variants} value: {@code all}, {@code best}, {@code default} or a variant label. */
    public static VariantScope variants(String text) {
        if (text == null || text.isBlank()) {
            return new VariantScope.Best();
        }
        return VariantScope.parse(text);
    }

    private record Parsed(String evaluator, String metric, double value) {
        String reference() {
            return evaluator == null ? metric : evaluator + "." + metric;
        }

        Better better(Better otherwise) {
            return RunMetric.EVALUATOR.equals(evaluator) ? Better.LOWER : otherwise;
        }
    }

    private static Parsed parse(String option, String argument) {
        int eq = argument.lastIndexOf('=');
        String example = option + " accuracy=0.8 or " + option + " evaluation.accuracy=0.8";
        if (eq <= 0 || eq == argument.length() - 1) {
            throw ConfigException.of(option + " '" + argument + "' is not metric=value", "write e.g. " + example);
        }
        String reference = argument.substring(0, eq).strip();
        String number = argument.substring(eq + 1).strip();
        double value;
        try {
            value = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw ConfigException.of(
                    option + " '" + argument + "': '" + number + "' is not a number", "write e.g. " + example);
        }
        if (!Double.isFinite(value)) {
            throw ConfigException.of(
                    option + " '" + argument + "': the threshold must be finite", "write e.g. " + example);
        }
        int dot = reference.indexOf('.');
        if (dot == 0 || dot == reference.length() - 1) {
            throw ConfigException.of(
                    option + " '" + argument + "': empty evaluator or metric name", "write e.g. " + example);
        }
        Parsed parsed = dot < 0
                ? new Parsed(null, reference, value)
                : new Parsed(reference.substring(0, dot), reference.substring(dot + 1), value);
        if (RunMetric.EVALUATOR.equals(parsed.evaluator)
                && RunMetric.byName(parsed.metric).isEmpty()) {
            throw ConfigException.of(
                    option + " '" + argument + "': run has no metric '" + parsed.metric + "'",
                    "run metrics: " + String.join(", ", RunMetric.names()));
        }
        return parsed;
    }

    /**
     * Parses the {@code gates:} node of an experiment file, collecting every problem with its location.
     *
     * @return the gates of the valid entries
     */
    public static List<Gate> block(YNode gates, Path file, List<Problem> problems) {
        List<Gate> result = new ArrayList<>();
        if (!(gates instanceof YNode.YList list)) {
            if (!(gates instanceof YNode.YScalar s && s.isNull())) {
                problems.add(problem(
                        gates.location(), "gates must be a list", "write gates: [{metric: accuracy, min: 0.8}]"));
            }
            return result;
        }
        for (int i = 0; i < list.items().size(); i++) {
            YNode item = list.items().get(i);
            String path = "gates[" + i + "]";
            if (!(item instanceof YNode.YMap map)) {
                problems.add(
                        problem(item.location(), path + " must be a mapping", "write - {metric: accuracy, min: 0.8}"));
                continue;
            }
            entry(map, path, file, problems, result);
        }
        return result;
    }

    /**
     * Like {@link #block(YNode, Path, List)}, throwing the problems.
     *
     * @throws ConfigException listing every problem found
     */
    public static List<Gate> block(YNode gates, Path file) {
        List<Problem> problems = new ArrayList<>();
        List<Gate> result = block(gates, file, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return result;
    }

    private static void entry(YNode.YMap map, String path, Path file, List<Problem> problems, List<Gate> result) {
        int before = problems.size();
        for (String key : map.entries().keySet()) {
            if (!KEYS.contains(key)) {
                problems.add(problem(
                        map.locationOf(key),
                        path + " has unknown key '" + key + "'",
                        "allowed keys: metric, evaluator, min, max, max_regression, better, variant"));
            }
        }
        String metric = text(map, "metric", path, problems, true);
        String evaluator = text(map, "evaluator", path, problems, false);
        Double min = number(map, "min", path, problems);
        Double max = number(map, "max", path, problems);
        Double maxRegression = number(map, "max_regression", path, problems);
        String betterText = text(map, "better", path, problems, false);
        String variantText = text(map, "variant", path, problems, false);
        if (maxRegression != null && maxRegression < 0) {
            problems.add(problem(
                    map.locationOf("max_regression"),
                    path + ".max_regression must not be negative",
                    "write the allowed drop as a positive number, e.g. 0.05"));
        }
        if (!map.has("min") && !map.has("max") && !map.has("max_regression")) {
            problems.add(
                    problem(map.location(), path + " sets none of min, max and max_regression", "add e.g. min: 0.8"));
        }
        if (min != null && max != null && min > max) {
            problems.add(problem(
                    map.locationOf("min"),
                    path + ": min " + min + " is above max " + max + ", so no value can pass",
                    "swap them, or drop one"));
        }
        if (metric != null && evaluator == null && metric.startsWith(RunMetric.EVALUATOR + ".")) {
            evaluator = RunMetric.EVALUATOR;
            metric = metric.substring(RunMetric.EVALUATOR.length() + 1);
        }
        boolean runMetric = RunMetric.EVALUATOR.equals(evaluator);
        Better better = null;
        if (betterText != null) {
            switch (betterText) {
                case "higher" -> better = Better.HIGHER;
                case "lower" -> better = Better.LOWER;
                default ->
                    problems.add(problem(
                            map.get("better").location(),
                            path + ".better is '" + betterText + "', neither higher nor lower",
                            "write better: higher (accuracy, f1) or better: lower (latency, error rates)"));
            }
        }
        if (runMetric) {
            if (metric != null && RunMetric.byName(metric).isEmpty()) {
                problems.add(problem(
                        map.has("metric") ? map.get("metric").location() : map.location(),
                        path + ": run has no metric '" + metric + "'",
                        "run metrics: " + String.join(", ", RunMetric.names())));
            }
            if (better == Better.HIGHER) {
                problems.add(problem(
                        map.get("better").location(),
                        path + ": run metrics are lower-is-better",
                        "remove better:, and gate them with max:"));
            }
            if (maxRegression != null) {
                problems.add(problem(
                        map.locationOf("max_regression"),
                        path + ": run metrics are gated by a limit, not against a baseline",
                        "write max: VALUE instead of max_regression"));
            }
            better = Better.LOWER;
        }
        if (better == null) {
            better = max != null && min == null && maxRegression == null ? Better.LOWER : Better.HIGHER;
        }
        if (metric == null || problems.size() > before) {
            return;
        }
        VariantScope variants = variantText == null ? new VariantScope.Best() : VariantScope.parse(variantText);
        YLocation at = map.location();
        String source = fileName(file) + ":" + at.line() + ":" + at.column() + " " + path;
        if (min != null) {
            result.add(new Gate.MinGate(evaluator, metric, min, better, variants, source, at));
        }
        if (max != null) {
            result.add(new Gate.MaxGate(evaluator, metric, max, better, variants, source, at));
        }
        if (maxRegression != null) {
            result.add(new Gate.MaxRegressionGate(evaluator, metric, maxRegression, better, variants, source, at));
        }
    }

    private static String text(YNode.YMap map, String key, String path, List<Problem> problems, boolean required) {
        YNode node = map.get(key);
        if (node instanceof YNode.YScalar s && s.value() instanceof String str && !str.isBlank()) {
            return str.strip();
        }
        if (node != null || required) {
            problems.add(problem(
                    node == null ? map.location() : node.location(),
                    path + "." + key + (node == null ? " is missing" : " must be a name"),
                    switch (key) {
                        case "metric" -> "write e.g. metric: accuracy";
                        case "better" -> "write better: higher or better: lower";
                        case "variant" -> "write variant: best, all, default or a variant such as node.variant_1";
                        default -> "write e.g. evaluator: evaluation";
                    }));
        }
        return null;
    }

    private static Double number(YNode.YMap map, String key, String path, List<Problem> problems) {
        YNode node = map.get(key);
        if (node == null) {
            return null;
        }
        if (node instanceof YNode.YScalar s && s.value() instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        problems.add(problem(node.location(), path + "." + key + " must be a number", "write e.g. " + key + ": 0.8"));
        return null;
    }

    private static Problem problem(YLocation at, String message, String hint) {
        return Problem.error(at.file(), at.line(), at.column(), message, hint);
    }

    private static String fileName(Path file) {
        return file == null || file.getFileName() == null
                ? "experiment.yaml"
                : file.getFileName().toString();
    }
}
