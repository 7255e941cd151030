package dev.llmops.flow;

import dev.llmops.llm.TokenUsage;
import java.time.Instant;

/**
 * What happened to one node in one line.
 *
 * @param tokens tokens used by the node's model calls ({@link TokenUsage#ZERO} for tools)
 * @param error the failure message; null unless {@code status} is FAILED
 */
public record NodeTrace(
        String node, Status status, Instant start, long durationMillis, TokenUsage tokens, String error) {

    public enum Status {
        COMPLETED,
        FAILED,
        BYPASSED
    }
}
