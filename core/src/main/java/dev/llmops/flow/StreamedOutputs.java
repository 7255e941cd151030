package dev.llmops.flow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The outputs of a streamed line that do not come from the streamed node, and when they are known. */
final class StreamedOutputs {

    private StreamedOutputs() {}

    /**
     * Hears nodes finish and, when the last node other than the streamed one is done and none failed, hands the
     * outputs that do not come from the streamed node to the stream; at once when there is no other node.
     */
    static BiConsumer<String, Function<String, Outcome>> listener(
            Flow flow, List<String> lineNodes, LineStream stream, Map<String, Object> inputs) {
        Set<String> waiting = ConcurrentHashMap.newKeySet();
        waiting.addAll(lineNodes);
        waiting.remove(stream.node());
        if (waiting.isEmpty()) {
            stream.others(otherOutputs(flow, stream.node(), inputs, n -> null));
            return (name, outcomes) -> {};
        }
        List<String> others =
                lineNodes.stream().filter(n -> !n.equals(stream.node())).toList();
        return (name, outcomes) -> {
            if (waiting.remove(name) && waiting.isEmpty()) {
                boolean failed = others.stream().anyMatch(n -> Outcome.blocks(outcomes.apply(n)));
                if (!failed) {
                    Map<String, Object> values;
                    try {
                        values = otherOutputs(flow, stream.node(), inputs, outcomes);
                    } catch (IllegalArgumentException e) {
                        return; // the line fails on the same output when it ends
                    }
                    stream.others(values);
                }
            }
        };
    }

    private static Map<String, Object> otherOutputs(
            Flow flow, String streamed, Map<String, Object> inputs, Function<String, Outcome> outcomes) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (flow.flex().isPresent()) {
            return out;
        }
        for (FlowOutput o : flow.outputs().values()) {
            if (!(o.reference() instanceof ValueRef.NodeRef r && r.node().equals(streamed))) {
                out.put(o.name(), FlowExecutor.outputValue(o, inputs, outcomes));
            }
        }
        return out;
    }
}
