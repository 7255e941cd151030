package dev.llmops.flow.tool;

import dev.llmops.error.Problem;
import java.util.List;

/**
 * Runs python or java tool code for flow nodes. One runner serves all lines of all runs and is thread-safe;
 * {@link #close()} releases worker processes and class loaders.
 */
public interface ToolRunner extends AutoCloseable {

    /**
     * Calls the tool.
     *
     * @throws ToolException when the tool raised or could not be loaded; the line fails with that message
     */
    ToolResult invoke(ToolInvocation invocation);

    /**
     * Loads the tool without calling it and checks that it accepts the invocation's input names, so that a flow
     * can be validated before any line runs. Input values are not used. Never throws for a broken tool: the
     * problems are returned, with the tool file and line where known.
     *
     * @return the problems found; empty when the tool looks callable (the default for runners that cannot tell)
     */
    default List<Problem> check(ToolInvocation invocation) {
        return List.of();
    }

    /**
     * Calls a flex flow's entry (a line, the run's aggregation, or a check).
     *
     * @throws ToolException when the entry raised or could not be loaded or built; a line fails with it
     */
    default ToolResult invokeEntry(EntryInvocation invocation) {
        throw new ToolException(
                "flex entry '" + invocation.module() + ":" + invocation.symbol() + "': this runner cannot run flex"
                        + " entries",
                null);
    }

    /**
     * Loads a flex entry, builds nothing, and checks its parameters against the inputs and init it would get, and
     * reads the outputs its return annotation promises. Never throws for a broken entry.
     */
    default EntryCheck checkEntry(EntryInvocation invocation) {
        return EntryCheck.of(List.of());
    }

    /**
     * Starts the runner's workers now, in the background, so that the first calls do not wait for them; a runner
     * without workers does nothing. Never throws: a worker that cannot start fails the first call instead.
     */
    default void warmUp() {}

    @Override
    void close();
}
