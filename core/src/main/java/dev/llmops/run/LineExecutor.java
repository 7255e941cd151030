package dev.llmops.run;

import dev.llmops.run.store.LineRecord;
import java.util.Map;

/**
 * Runs one flow (with one variant combination) line by line. The runner calls {@link #execute} from many
 * threads at once; adapting a flow engine means calling its line executor here and turning node errors into
 * {@link LineOutcome.Failure}s.
 */
public interface LineExecutor {

    /**
     * Runs one line. Blocking and thread-safe. Must return a {@link LineOutcome.Failure} for anything wrong with
     * the line itself; an exception is recorded as a failed line as well.
     *
     * @throws InterruptedException when the line was abandoned (timeout, cancel)
     */
    LineOutcome execute(int lineNumber, Map<String, Object> inputs) throws InterruptedException;

    /** True when the flow has aggregation nodes, so {@link #aggregate} needs every line's result. */
    default boolean hasAggregation() {
        return false;
    }

    /**
     * Runs the aggregation nodes over every line of the run, read back from the run store in line order (each
     * line once, latest attempt). Called only when {@link #hasAggregation()} is true.
     *
     * @return metric name → value
     */
    default Map<String, Object> aggregate(Iterable<LineRecord> lines) {
        return Map.of();
    }
}
