package dev.llmops.flow.tool;

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

    @Override
    void close();
}
