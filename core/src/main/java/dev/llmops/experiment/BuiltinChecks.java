package dev.llmops.experiment;

import dev.llmops.yaml.YLocation;
import java.util.List;

/** Checks evaluators whose {@code flow} is {@code builtin:<name>}: the name, and the mapping keys it reads. */
final class BuiltinChecks {

    private final Problems problems;
    private final MappingLocations locations;

    BuiltinChecks(Problems problems, MappingLocations locations) {
        this.problems = problems;
        this.locations = locations;
    }

    /** @param flowAt where the evaluator's {@code flow:} is written */
    void check(Evaluator evaluator, YLocation flowAt) {
        String name = evaluator.flow().substring(Evaluator.BUILTIN_PREFIX.length());
        List<String> names = BuiltinCatalog.names();
        if (!names.contains(name)) {
            problems.error(
                    flowAt,
                    "evaluator '" + evaluator.name() + "': unknown built-in evaluator '" + evaluator.flow() + "'",
                    Suggestions.closest(name, names)
                                    .map(c -> "did you mean '" + Evaluator.BUILTIN_PREFIX + c + "'? ")
                                    .orElse("")
                            + "built-ins: " + String.join(", ", names));
            return;
        }
        evaluator.datasets().forEach(d -> checkMappings(evaluator, name, d));
    }

    private void checkMappings(Evaluator evaluator, String name, Dataset dataset) {
        BuiltinCatalog.Entry entry = BuiltinCatalog.entry(name).orElseThrow();
        List<String> required = entry.required();
        List<String> known = entry.known();
        for (String input : required) {
            if (!dataset.mappings().containsKey(input)) {
                problems.error(
                        dataset.location(),
                        "evaluator '" + evaluator.name() + "', dataset '" + dataset.name() + "': "
                                + Evaluator.BUILTIN_PREFIX + name + " needs input '" + input + "', which is not mapped",
                        "add to mappings: " + input + ": ${run.outputs.<output>} or ${data.<column>}");
            }
        }
        dataset.mappings().keySet().stream()
                .filter(k -> !known.contains(k))
                .forEach(k -> problems.error(
                        locations.of(dataset, k),
                        "evaluator '" + evaluator.name() + "', dataset '" + dataset.name() + "': mapping '" + k
                                + "' is not an input of " + Evaluator.BUILTIN_PREFIX + name,
                        Suggestions.closest(k, known)
                                        .map(c -> "did you mean '" + c + "'? ")
                                        .orElse("")
                                + "inputs: " + String.join(", ", known)));
    }
}
