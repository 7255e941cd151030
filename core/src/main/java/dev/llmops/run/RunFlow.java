package dev.llmops.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The flow one planned run executes, stored in its {@code run.json}. A {@link RunRequest} that mixes flows (the
 * evaluation runs of several evaluators, scheduled together under one concurrency limit) gives one per run.
 *
 * @param flowPath the flow's path (or a built-in evaluator's name), stored in {@code run.json}
 * @param flowHash a hash of the flow definition; resume refuses a run made with another flow
 * @param signature the flow's inputs
 * @param tags tags of this run on top of {@link RunOptions#tags()}, written when the run is created
 */
public record RunFlow(String flowPath, String flowHash, FlowSignature signature, Map<String, String> tags) {

    public RunFlow {
        Objects.requireNonNull(signature, "signature");
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
