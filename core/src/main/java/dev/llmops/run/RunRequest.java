package dev.llmops.run;

import dev.llmops.run.variant.PlannedRun;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one {@code llmops run} executes.
 *
 * @param experiment the experiment name (first part of run names)
 * @param env the environment overlay, or null
 * @param flowPath the standard flow's path, stored in {@code run.json}
 * @param flowHash a hash of the flow definition; resume refuses a run made with another flow
 * @param runs the planned runs, from {@link dev.llmops.run.variant.VariantPlanner}
 * @param datasets dataset name → its data and mappings, for every dataset the runs name
 * @param signature the flow's inputs
 * @param executors makes the line executor of a variant combination (called once per run)
 * @param flows planned run → the flow it runs when it differs from {@code flowPath}/{@code signature} (the
 *     evaluation runs of several evaluators in one request); runs not in it run the request's flow
 */
public record RunRequest(
        String experiment,
        String env,
        String flowPath,
        String flowHash,
        List<PlannedRun> runs,
        Map<String, DatasetInput> datasets,
        FlowSignature signature,
        ExecutorFactory executors,
        RunOptions options,
        Map<PlannedRun, RunFlow> flows) {

    /** Makes the line executor for one planned run (a flow with the run's variant overrides applied). */
    @FunctionalInterface
    public interface ExecutorFactory {
        LineExecutor create(PlannedRun run);
    }

    /** A request whose runs all execute one flow. */
    public RunRequest(
            String experiment,
            String env,
            String flowPath,
            String flowHash,
            List<PlannedRun> runs,
            Map<String, DatasetInput> datasets,
            FlowSignature signature,
            ExecutorFactory executors,
            RunOptions options) {
        this(experiment, env, flowPath, flowHash, runs, datasets, signature, executors, options, Map.of());
    }

    /** The flow {@code run} executes: its own entry in {@link #flows()}, else the request's flow. */
    public RunFlow flow(PlannedRun run) {
        RunFlow own = flows.get(run);
        return own != null ? own : new RunFlow(flowPath, flowHash, signature, Map.of());
    }

    public RunRequest {
        Objects.requireNonNull(experiment, "experiment");
        runs = List.copyOf(runs);
        datasets = Collections.unmodifiableMap(new LinkedHashMap<>(datasets));
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(executors, "executors");
        Objects.requireNonNull(options, "options");
        flows = Map.copyOf(flows);
        for (PlannedRun r : runs) {
            if (!datasets.containsKey(r.dataset())) {
                throw new IllegalArgumentException("no dataset input for planned run on " + r.dataset());
            }
        }
    }
}
