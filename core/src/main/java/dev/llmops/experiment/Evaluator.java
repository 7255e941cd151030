package dev.llmops.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An evaluation flow and the datasets it runs on.
 *
 * @param name evaluator id, also the name of its report files
 * @param flow the evaluation flow folder as written (relative to the use case); defaults to {@code name}
 * @param datasets its datasets: reused standard datasets (with evaluator mappings) and evaluation datasets
 */
public record Evaluator(String name, String flow, List<Dataset> datasets) {

    public Evaluator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flow, "flow");
        datasets = List.copyOf(datasets);
    }

    /** The evaluation flow folder, resolved against the use case folder. */
    public Path flowDir(Path useCaseDir) {
        return useCaseDir.resolve(flow).normalize();
    }
}
