package dev.llmops.run;

import dev.llmops.error.StateException;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStore;
import dev.llmops.run.variant.PlannedRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a (possibly resumed) experiment has left to do: for every planned run, whether it is already done, continues
 * a stored run, or starts fresh. Decided before any run directory is created, so a stale resume leaves nothing
 * half-made behind.
 *
 * @param batch the batch id: the resumed batch's, or a new one
 * @param done stored runs with nothing left to do, in plan order
 * @param resumeFrom planned run → the stored run it continues
 * @param toRun the planned runs to execute, in plan order
 */
record ResumePlan(
        String batch, Map<PlannedRun, RunRecord> done, Map<PlannedRun, RunRecord> resumeFrom, List<PlannedRun> toRun) {

    /**
     * @throws StateException when the run to resume does not exist or was made with another flow
     */
    static ResumePlan of(RunStore store, RunRequest request) {
        RunOptions options = request.options();
        List<RunRecord> previous = options.resume() == null ? List.of() : store.batch(options.resume());
        String batch = previous.isEmpty()
                ? UUID.randomUUID().toString()
                : previous.get(0).batch();
        Map<PlannedRun, RunRecord> done = new LinkedHashMap<>();
        Map<PlannedRun, RunRecord> resumeFrom = new LinkedHashMap<>();
        List<PlannedRun> toRun = new ArrayList<>();
        for (PlannedRun plan : request.runs()) {
            Optional<RunRecord> old = previous.stream()
                    .filter(r -> r.variant().equals(plan.variantLabel())
                            && r.dataset().equals(plan.dataset()))
                    .findFirst();
            if (old.isPresent()
                    && !old.get().status().resumable()
                    && !incomplete(old.get())
                    && !(options.retryFailed() && hasFailures(old.get()))) {
                done.put(plan, old.get());
                continue;
            }
            String flowHash = request.flow(plan).flowHash();
            if (old.isPresent()
                    && flowHash != null
                    && !flowHash.equals(old.get().flowHash())) {
                throw new StateException("cannot resume " + old.get().name()
                        + ": the flow changed since it started (flow hash differs); start a new run without --resume");
            }
            old.ifPresent(r -> resumeFrom.put(plan, r));
            toRun.add(plan);
        }
        return new ResumePlan(batch, done, resumeFrom, toRun);
    }

    private static boolean incomplete(RunRecord r) {
        return r.lines() != null
                && r.lines().completed() + r.lines().failed() < r.lines().total();
    }

    private static boolean hasFailures(RunRecord r) {
        return r.lines() != null && r.lines().failed() > 0;
    }
}
