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

    /** The prefix of a {@code flow} that names a built-in evaluator instead of a folder. */
    public static final String BUILTIN_PREFIX = "builtin:";

    public Evaluator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flow, "flow");
        datasets = List.copyOf(datasets);
    }

    /** True when {@code flow} is {@code builtin:<name>}: a built-in evaluator, with no flow folder. */
    public boolean isBuiltin() {
        return flow.startsWith(BUILTIN_PREFIX);
    }

    /**
     * The evaluation flow folder, resolved against the use case folder.
     *
     * @throws IllegalStateException for a built-in evaluator, which has no folder (check {@link #isBuiltin()})
     */
    public Path flowDir(Path useCaseDir) {
        if (isBuiltin()) {
            throw new IllegalStateException("evaluator '" + name + "' is built in (" + flow + "); it has no folder");
        }
        return useCaseDir.resolve(flow).normalize();
    }
}
