package dev.llmops.flow;

/** What became of one node within one line (or within the aggregation step). */
sealed interface Outcome {

    record Ran(NodeValue value, NodeTrace trace) implements Outcome {}

    record Bypassed(NodeTrace trace) implements Outcome {}

    record Failed(ExecutionError error, NodeTrace trace) implements Outcome {}

    /** Not started because a node it depends on failed. */
    record NotRun() implements Outcome {}

    static boolean blocks(Outcome o) {
        return o instanceof Failed || o instanceof NotRun;
    }
}
