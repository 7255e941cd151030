package dev.llmops.run.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmops.run.LineOutcome;
import java.util.Map;

/**
 * One line of {@code outputs.jsonl}.
 *
 * @param status {@code Completed} or {@code Failed}
 * @param outputs the flow outputs (empty when failed)
 * @param error why the line failed, null when it succeeded
 * @param latencyMs wall time of the line
 * @param aggregationInputs values the flow's aggregation nodes need from this line; null when it has none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LineRecord(
        int lineNumber,
        String status,
        Map<String, Object> outputs,
        LineError error,
        Tokens tokens,
        long latencyMs,
        Map<String, Object> aggregationInputs) {

    public LineRecord(
            int lineNumber,
            String status,
            Map<String, Object> outputs,
            LineError error,
            Tokens tokens,
            long latencyMs) {
        this(lineNumber, status, outputs, error, tokens, latencyMs, null);
    }

    public static final String COMPLETED = "Completed";
    public static final String FAILED = "Failed";

    /** Why a line failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineError(String message, String detail, String node) {}

    /** Tokens of one line. */
    public record Tokens(long prompt, long completion, long total) {}

    public boolean failed() {
        return FAILED.equals(status);
    }

    public static LineRecord of(int lineNumber, LineOutcome outcome) {
        Tokens tokens = new Tokens(
                outcome.usage().promptTokens(),
                outcome.usage().completionTokens(),
                outcome.usage().totalTokens());
        return switch (outcome) {
            case LineOutcome.Success s ->
                new LineRecord(
                        lineNumber, COMPLETED, s.outputs(), null, tokens, s.latencyMillis(), s.aggregationInputs());
            case LineOutcome.Failure f ->
                new LineRecord(
                        lineNumber,
                        FAILED,
                        Map.of(),
                        new LineError(f.message(), f.detail(), f.failingNode()),
                        tokens,
                        f.latencyMillis());
        };
    }
}
