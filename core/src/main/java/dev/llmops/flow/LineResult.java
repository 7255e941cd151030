package dev.llmops.flow;

import dev.llmops.llm.TokenUsage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outcome of one line: every line ends as exactly one of these, never as null. */
public sealed interface LineResult {

    int lineNumber();

    /** The line's inputs after defaults and type coercion (as given, when coercion itself failed). */
    Map<String, Object> inputs();

    /** One trace per node that ran or was bypassed, in execution order. */
    List<NodeTrace> traces();

    TokenUsage tokens();

    long latencyMillis();

    /**
     * @param outputs the flow outputs (JSON-like; null for outputs of bypassed nodes)
     * @param nodeOutputs every line node's output (null when bypassed), for aggregation
     */
    record Success(
            int lineNumber,
            Map<String, Object> inputs,
            Map<String, Object> outputs,
            Map<String, Object> nodeOutputs,
            List<NodeTrace> traces,
            TokenUsage tokens,
            long latencyMillis)
            implements LineResult {
        public Success {
            inputs = copy(inputs);
            outputs = copy(outputs);
            nodeOutputs = copy(nodeOutputs);
            traces = List.copyOf(traces);
        }
    }

    /**
     * @param message what failed, naming the node
     * @param failedNode the node that failed; null when the inputs were wrong
     * @param detail traceback or compiler output; null when none
     */
    record Failure(
            int lineNumber,
            Map<String, Object> inputs,
            String message,
            String failedNode,
            String detail,
            List<NodeTrace> traces,
            TokenUsage tokens,
            long latencyMillis)
            implements LineResult {
        public Failure {
            inputs = copy(inputs);
            traces = List.copyOf(traces);
        }
    }

    private static Map<String, Object> copy(Map<String, Object> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
