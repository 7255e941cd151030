package dev.llmops.experiment;

import dev.llmops.error.ConfigException;
import dev.llmops.experiment.gate.Gate;
import dev.llmops.experiment.gate.RunMetric;
import dev.llmops.experiment.gate.VariantScope;
import dev.llmops.flow.Flow;
import dev.llmops.flow.FlowLoader;
import dev.llmops.yaml.YLocation;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code validate} checks of an experiment's gates: each names an evaluator the experiment has (or {@code run}),
 * a metric that evaluator logs (see {@link LoggedMetrics}), one evaluator when several log it, and a variant the
 * standard flow has. A gate nobody could judge is found here instead of after every model call.
 */
final class GateChecks {

    private final Experiment experiment;
    private final List<Gate> gates;
    private final Problems problems;
    private final Map<String, LoggedMetrics> logged = new LinkedHashMap<>();

    GateChecks(Experiment experiment, List<Gate> gates, Problems problems) {
        this.experiment = experiment;
        this.gates = List.copyOf(gates);
        this.problems = problems;
    }

    void check() {
        for (Gate gate : gates) {
            YLocation at = gate.location() != null ? gate.location() : YLocation.unknown(experiment.experimentFile());
            if (!gate.isRunMetric()) {
                checkMetric(gate, at);
            }
            if (gate.variants() instanceof VariantScope.Named named) {
                checkVariant(gate, named.label(), at);
            }
        }
    }

    private void checkMetric(Gate gate, YLocation at) {
        String what = label(gate) + ": ";
        if (experiment.evaluators().isEmpty()) {
            problems.error(
                    at,
                    what + "metric '" + gate.reference() + "' can never be judged: the experiment"
                            + (experiment.env() == null ? "" : " in env " + experiment.env()) + " has no evaluators",
                    "add gates: [] to the overlay that switches evaluation off, or gate a run metric"
                            + " (run.failed_lines, run.latency_p95_ms)");
            return;
        }
        List<Evaluator> scope;
        if (gate.evaluator() != null) {
            Optional<Evaluator> named = experiment.evaluator(gate.evaluator());
            if (named.isEmpty()) {
                List<String> names = new ArrayList<>(
                        experiment.evaluators().stream().map(Evaluator::name).toList());
                names.add(RunMetric.EVALUATOR);
                problems.error(
                        at,
                        what + "evaluator '" + gate.evaluator() + "' is not one of the experiment's",
                        Suggestions.hint(gate.evaluator(), names, "evaluators: " + String.join(", ", names)));
                return;
            }
            scope = List.of(named.get());
        } else {
            scope = experiment.evaluators();
        }
        List<Evaluator> loggers =
                scope.stream().filter(e -> metrics(e).mayLog(gate.metric())).toList();
        if (loggers.isEmpty()) {
            problems.error(at, what + noSuchMetric(gate, scope), hint(gate, scope));
            return;
        }
        List<String> certain = loggers.stream()
                .filter(e -> metrics(e).known() && metrics(e).names().contains(gate.metric()))
                .map(Evaluator::name)
                .toList();
        if (gate.evaluator() == null && certain.size() > 1) {
            problems.error(
                    at,
                    what + "metric '" + gate.metric() + "' is logged by several evaluators ("
                            + String.join(", ", certain) + ")",
                    "add evaluator: " + certain.getFirst() + " (or write metric: " + certain.getFirst() + "."
                            + gate.metric() + ")");
        }
    }

    /** {@code gates[0]} for a gate of a file (its location is printed already), else its option. */
    private static String label(Gate gate) {
        String source = gate.source();
        return gate.location() != null && source.indexOf(' ') > 0 ? source.substring(source.indexOf(' ') + 1) : source;
    }

    private static String noSuchMetric(Gate gate, List<Evaluator> scope) {
        return (scope.size() == 1 ? "evaluator '" + scope.getFirst().name() + "' does not log" : "no evaluator logs")
                + " metric '" + gate.metric() + "'";
    }

    private String hint(Gate gate, List<Evaluator> scope) {
        List<String> all = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        for (Evaluator e : scope) {
            LoggedMetrics m = metrics(e);
            all.addAll(m.names());
            listed.add(e.name() + ": "
                    + (m.shown().isEmpty() ? "none (no aggregation node)" : String.join(", ", m.shown())));
        }
        String run = RunMetric.byName(gate.metric())
                .map(r -> "did you mean run." + r.metricName() + "? ")
                .orElse("");
        return run
                + Suggestions.closest(gate.metric(), all)
                        .map(c -> "did you mean '" + c + "'? ")
                        .orElse("")
                + "metrics logged by " + String.join("; ", listed);
    }

    private LoggedMetrics metrics(Evaluator evaluator) {
        return logged.computeIfAbsent(evaluator.name(), n -> LoggedMetrics.of(evaluator, experiment.useCaseDir()));
    }

    private void checkVariant(Gate gate, String label, YLocation at) {
        Optional<Flow> flow = standardFlow();
        if (flow.isEmpty()) {
            return;
        }
        Map<String, Map<String, dev.llmops.flow.Node>> variants = flow.get().variantNodes();
        List<String> known = new ArrayList<>();
        variants.forEach((node, byId) -> byId.keySet().forEach(id -> known.add(node + "." + id)));
        for (String part : label.split("\\+")) {
            int dot = part.lastIndexOf('.');
            boolean found = dot > 0
                    && variants.containsKey(part.substring(0, dot))
                    && variants.get(part.substring(0, dot)).containsKey(part.substring(dot + 1));
            if (!found) {
                problems.error(
                        at,
                        label(gate) + ": variant '" + part + "' is not a variant of the flow " + experiment.flow(),
                        Suggestions.hint(
                                part,
                                known,
                                known.isEmpty()
                                        ? "the flow has no variants; use variant: best, all or default"
                                        : "variants: " + String.join(", ", known) + " (or best, all, default)"));
            }
        }
    }

    private Optional<Flow> standardFlow() {
        if (experiment.flow().isBlank()
                || Stream.of("flow.dag.yaml", "flow.dag.yml")
                        .noneMatch(f -> Files.isRegularFile(experiment.flowDir().resolve(f)))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FlowLoader().load(experiment.flowDir()));
        } catch (ConfigException e) {
            return Optional.empty(); // reported by the flow checks
        }
    }
}
