package dev.llmops.experiment;

import dev.llmops.yaml.YLocation;
import dev.llmops.yaml.YNode;
import dev.llmops.yaml.YNode.YList;
import dev.llmops.yaml.YNode.YMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds evaluators of an {@code evaluators:} block against the standard datasets in effect. */
final class EvaluatorParser {

    static final Set<String> KEYS = Set.of("name", "flow", "datasets");

    private final Problems problems;
    private final Nodes nodes;
    private final DatasetParser datasets;
    private final Map<String, YLocation> flowLocations = new LinkedHashMap<>();

    EvaluatorParser(Problems problems, DatasetParser datasets) {
        this.problems = problems;
        this.nodes = new Nodes(problems);
        this.datasets = datasets;
    }

    /** Where each evaluator's flow was written (its entry when the flow defaults to the name). */
    Map<String, YLocation> flowLocations() {
        return flowLocations;
    }

    List<Evaluator> evaluators(YList list, Map<String, Dataset> standard) {
        Map<String, Evaluator> byName = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (YNode item : list.items()) {
            if (!(item instanceof YMap map)) {
                problems.error(
                        item.location(),
                        "an evaluator must be a mapping, found " + Nodes.kind(item),
                        "write - name: ...  flow: ...  datasets: [...]");
                continue;
            }
            evaluator(map, standard).ifPresent(e -> {
                if (byName.putIfAbsent(e.name(), e) != null) {
                    problems.error(
                            map.location(),
                            "evaluator name '" + e.name() + "' is used twice (first at line " + lines.get(e.name())
                                    + ")",
                            "give every evaluator a unique name; its reports are named after it");
                } else {
                    lines.put(e.name(), map.location().line());
                }
            });
        }
        return List.copyOf(byName.values());
    }

    private Optional<Evaluator> evaluator(YMap map, Map<String, Dataset> standard) {
        nodes.unknownKeys(map, KEYS, "evaluator");
        Optional<String> name = nodes.requiredText(map, "name", "evaluator", "my_evaluator");
        String owner = "evaluator '" + name.orElse("?") + "'";
        String flow = nodes.text(map, "flow", owner);
        List<Dataset> list = List.of();
        boolean ok = true;
        if (!map.has("datasets")) {
            problems.error(
                    map.location(),
                    owner + " is missing 'datasets'",
                    Suggestions.closest("datasets", map.entries().keySet())
                            .map(k -> "'" + k + "' looks misspelt; rename it to 'datasets'")
                            .orElse("add datasets: with the datasets it evaluates"));
            ok = false;
        } else {
            Optional<YList> items =
                    nodes.list(map.get("datasets"), "datasets", "datasets: [{name: ..., mappings: {...}}]");
            if (items.isPresent()) {
                list = datasets.evaluatorDatasets(items.get(), name.orElse("?"), standard);
            } else if (Nodes.isNull(map.get("datasets"))) {
                problems.warning(
                        map.locationOf("datasets"),
                        owner + " has no datasets, so it never runs",
                        "list the datasets it evaluates, or remove the evaluator");
            } else {
                ok = false;
            }
        }
        if (name.isEmpty() || !ok) {
            return Optional.empty();
        }
        String flowPath = flow == null || flow.isBlank() ? name.get() : flow.strip();
        flowLocations.put(name.get(), map.has("flow") ? map.get("flow").location() : map.location());
        return Optional.of(new Evaluator(name.get(), flowPath, list));
    }
}
