package dev.llmops.eval.gate;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.yaml.YLocation;
import dev.llmops.yaml.YNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads gates from the command line ({@code --fail-under metric=value}, {@code --max-regression metric=delta},
 * both accepting {@code evaluator.metric}) and from the {@code gates:} block of {@code experiment.yaml}:
 *
 * <pre>
 * gates:
 *   - metric: accuracy          # required
 *     evaluator: evaluation     # optional; needed when two evaluators report the same metric
 *     min: 0.8                  # fail when below
 *   - metric: f1_score
 *     max_regression: 0.05      # fail when more than 0.05 below the --baseline value
 * </pre>
 *
 * An entry may set both {@code min} and {@code max_regression}; it then yields two gates.
 */
public final class GateParser {

    private static final Set<String> KEYS = Set.of("metric", "evaluator", "min", "max_regression");

    private GateParser() {}

    /** Parses one {@code --fail-under} value, e.g. {@code accuracy=0.8} or {@code evaluation.accuracy=0.8}. */
    public static Gate.MinGate failUnder(String argument) {
        Parsed p = parse("--fail-under", argument);
        return new Gate.MinGate(p.evaluator, p.metric, p.value, "--fail-under " + argument);
    }

    /** Parses one {@code --max-regression} value, e.g. {@code accuracy=0.05}. */
    public static Gate.MaxRegressionGate maxRegression(String argument) {
        Parsed p = parse("--max-regression", argument);
        if (p.value < 0) {
            throw ConfigException.of(
                    "--max-regression " + argument + ": the allowed drop must not be negative",
                    "write the drop as a positive number, e.g. --max-regression " + p.reference() + "=0.05");
        }
        return new Gate.MaxRegressionGate(p.evaluator, p.metric, p.value, "--max-regression " + argument);
    }

    private record Parsed(String evaluator, String metric, double value) {
        String reference() {
            return evaluator == null ? metric : evaluator + "." + metric;
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
        return dot < 0
                ? new Parsed(null, reference, value)
                : new Parsed(reference.substring(0, dot), reference.substring(dot + 1), value);
    }

    /**
     * Parses the {@code gates:} node of an experiment file, reporting every problem with its line.
     *
     * @throws ConfigException listing all problems found
     */
    public static List<Gate> block(YNode gates, Path file) {
        List<Gate> result = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (!(gates instanceof YNode.YList list)) {
            if (gates instanceof YNode.YScalar s && s.isNull()) {
                return List.of();
            }
            throw new ConfigException(
                    problem(gates.location(), "gates must be a list", "write gates: [{metric: accuracy, min: 0.8}]"));
        }
        for (int i = 0; i < list.items().size(); i++) {
            YNode item = list.items().get(i);
            String path = "gates[" + i + "]";
            if (!(item instanceof YNode.YMap map)) {
                problems.add(
                        problem(item.location(), path + " must be a mapping", "write - {metric: accuracy, min: 0.8}"));
                continue;
            }
            for (String key : map.entries().keySet()) {
                if (!KEYS.contains(key)) {
                    problems.add(problem(
                            map.locationOf(key),
                            path + " has unknown key '" + key + "'",
                            "allowed keys: metric, evaluator, min, max_regression"));
                }
            }
            String metric = text(map, "metric", path, problems, true);
            String evaluator = text(map, "evaluator", path, problems, false);
            Double min = number(map, "min", path, problems);
            Double maxRegression = number(map, "max_regression", path, problems);
            if (maxRegression != null && maxRegression < 0) {
                problems.add(problem(
                        map.locationOf("max_regression"),
                        path + ".max_regression must not be negative",
                        "write the allowed drop as a positive number, e.g. 0.05"));
            }
            if (min == null && maxRegression == null && !map.has("min") && !map.has("max_regression")) {
                problems.add(
                        problem(map.location(), path + " sets neither min nor max_regression", "add e.g. min: 0.8"));
            }
            if (metric == null) {
                continue;
            }
            String source = fileName(file) + ":" + map.location().line() + " " + path;
            if (min != null) {
                result.add(new Gate.MinGate(evaluator, metric, min, source));
            }
            if (maxRegression != null && maxRegression >= 0) {
                result.add(new Gate.MaxRegressionGate(evaluator, metric, maxRegression, source));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return result;
    }

    private static String text(YNode.YMap map, String key, String path, List<Problem> problems, boolean required) {
        YNode node = map.get(key);
        if (node instanceof YNode.YScalar s && s.value() instanceof String str && !str.isBlank()) {
            return str;
        }
        if (node != null || required) {
            problems.add(problem(
                    node == null ? map.location() : node.location(),
                    path + "." + key + (node == null ? " is missing" : " must be a name"),
                    key.equals("metric") ? "write e.g. metric: accuracy" : "write e.g. evaluator: evaluation"));
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
