package dev.llmops.run.store;

/**
 * Failed lines of a run that share one error message.
 *
 * @param count how many lines failed with it
 * @param firstLine the lowest line number among them
 * @param node the node that failed on the first line, or null when the line failed outside a node
 */
public record ErrorGroup(String message, int count, int firstLine, String node) {

    /** {@code 3 lines: <message> (first: line 4, node answer)}. */
    public String describe() {
        return count + (count == 1 ? " line: " : " lines: ") + message + " (first: line " + firstLine
                + (node == null ? "" : ", node " + node) + ")";
    }
}
