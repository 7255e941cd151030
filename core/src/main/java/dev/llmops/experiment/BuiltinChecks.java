package dev.llmops.experiment;

import dev.llmops.eval.builtin.BuiltinEvaluators;
import dev.llmops.eval.builtin.JudgeContext;
import dev.llmops.yaml.YLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Checks evaluators whose {@code flow} is {@code builtin:<name>}: the name, and the mapping keys it reads. */
final class BuiltinChecks {

    /** Inputs a judge reads when mapped though it does not require them. */
    private static final Map<String, Set<String>> OPTIONAL = Map.of("groundedness", Set.of("query"));

    // validate calls no model: the judge context exists only to ask a judge which inputs it requires.
    private static final JudgeContext NO_MODEL = new JudgeContext(
            request -> {
                throw new IllegalStateException("validate does not call models");
            },
            "none",
            (resource, text, inputs) -> List.of());

    private final Problems problems;
    private final MappingLocations locations;

    BuiltinChecks(Problems problems, MappingLocations locations) {
        this.problems = problems;
        this.locations = locations;
    }

    /** @param flowAt where the evaluator's {@code flow:} is written */
    void check(Evaluator evaluator, YLocation flowAt) {
        String name = evaluator.flow().substring(Evaluator.BUILTIN_PREFIX.length());
        List<String> names = BuiltinEvaluators.names();
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
        List<String> required =
                BuiltinEvaluators.create(name, Optional.of(NO_MODEL)).requiredInputs();
        List<String> known = new ArrayList<>(required);
        known.addAll(OPTIONAL.getOrDefault(name, Set.of()));
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
