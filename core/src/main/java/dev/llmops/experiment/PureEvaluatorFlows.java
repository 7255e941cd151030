package dev.llmops.experiment;

import dev.llmops.flow.Flow;
import dev.llmops.flow.flex.PureEvaluators;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An experiment's pure-python evaluator (a folder of {@code eval_*.py}) as the flex flow that validate checks and
 * eval runs: its inputs are the mapping keys of the evaluator's datasets, its output folder is
 * {@code .llmops/pure-eval} of the use case, and it imports from the standard flow, the use case and the folder
 * above it (the template imports the standard flow by its repository path).
 */
public final class PureEvaluatorFlows {

    private PureEvaluatorFlows() {}

    /** Whether the evaluator's folder is a pure-python evaluator. */
    public static boolean applies(Experiment experiment, Evaluator evaluator) {
        return !evaluator.isBuiltin() && PureEvaluators.isPureEvaluator(evaluator.flowDir(experiment.useCaseDir()));
    }

    /** @param runName what the {@code eval_*} functions get as the run name */
    public static Flow flow(Experiment experiment, Evaluator evaluator, String runName) {
        return PureEvaluators.flow(
                evaluator.flowDir(experiment.useCaseDir()),
                mappingKeys(evaluator),
                runName,
                outputDir(experiment),
                imports(experiment));
    }

    /** Where the {@code eval_*} functions write (their {@code output_path}) and read their lines from. */
    public static Path outputDir(Experiment experiment) {
        return experiment.useCaseDir().resolve(".llmops").resolve("pure-eval");
    }

    private static Set<String> mappingKeys(Evaluator evaluator) {
        Set<String> keys = new LinkedHashSet<>();
        evaluator.datasets().forEach(d -> keys.addAll(d.mappings().keySet()));
        return keys;
    }

    private static List<Path> imports(Experiment experiment) {
        List<Path> paths = new ArrayList<>();
        if (!experiment.flow().isBlank()) {
            paths.add(experiment.flowDir());
        }
        paths.add(experiment.useCaseDir());
        if (experiment.useCaseDir().getParent() != null) {
            paths.add(experiment.useCaseDir().getParent());
        }
        return paths;
    }
}
