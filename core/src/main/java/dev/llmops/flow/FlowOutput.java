package dev.llmops.flow;

/**
 * A declared flow output and where its value comes from.
 *
 * @param evaluationOnly {@code evaluation_only: true}: computed for evaluation, never returned by a served flow
 */
public record FlowOutput(String name, String type, ValueRef reference, boolean isChatOutput, boolean evaluationOnly) {

    public FlowOutput(String name, String type, ValueRef reference, boolean isChatOutput) {
        this(name, type, reference, isChatOutput, false);
    }
}
