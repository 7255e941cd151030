package dev.llmops.run;

import dev.llmops.llm.TokenUsage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What one line of a flow produced: its outputs, or why it failed. Both carry tokens and latency. */
public sealed interface LineOutcome {

    TokenUsage usage();

    long latencyMillis();

    /** The flow's outputs for the line. */
    record Success(Map<String, Object> outputs, TokenUsage usage, long latencyMillis) implements LineOutcome {
        public Success {
            outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
            Objects.requireNonNull(usage, "usage");
        }
    }

    /**
     * The line failed.
     *
     * @param message one line saying what went wrong
     * @param detail more detail (a Python traceback, the endpoint's answer), or null
     * @param failingNode the node that failed, or null when the line failed before any node ran
     */
    record Failure(String message, String detail, String failingNode, TokenUsage usage, long latencyMillis)
            implements LineOutcome {
        public Failure {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(usage, "usage");
        }

        public static Failure of(String message, long latencyMillis) {
            return new Failure(message, null, null, TokenUsage.ZERO, latencyMillis);
        }
    }
}
