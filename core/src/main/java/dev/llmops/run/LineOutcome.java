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

    /**
     * A line that produced its outputs (the flow's outputs for the line).
     *
     * @param aggregationInputs the line values the flow's aggregation nodes will need (referenced flow inputs
     *     and node outputs), kept with the line record so that aggregation after a resume sees every line; null
     *     for flows without aggregation
     */
    record Success(
            Map<String, Object> outputs, TokenUsage usage, long latencyMillis, Map<String, Object> aggregationInputs)
            implements LineOutcome {
        public Success {
            outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
            Objects.requireNonNull(usage, "usage");
        }

        public Success(Map<String, Object> outputs, TokenUsage usage, long latencyMillis) {
            this(outputs, usage, latencyMillis, null);
        }
    }

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
