package dev.llmops.flow;

import java.util.Map;

/**
 * Where a streamed line's answer goes while the line runs ({@code llmops serve} with {@code Accept:
 * text/event-stream}): the pieces of one node's answer as the model (or a flex entry's generator) produces them, and
 * the line's other outputs once every other node is done. Runs keep whole answers and never pass one.
 *
 * <p>Called from the line's threads: {@link #chunk} in order from one thread at a time, {@link #others} once,
 * before, between or after chunks. Neither is called for a line whose other nodes fail.
 */
public interface LineStream {

    /** The node whose answer streams: an llm node, or a flex flow's entry. */
    String node();

    /** One piece of the node's answer, in order. */
    void chunk(String text);

    /**
     * The flow outputs that do not come from the streamed node, once the nodes they need are done.
     *
     * @param outputs by output name, in flow order; empty when the streamed output is the only one
     */
    void others(Map<String, Object> outputs);
}
