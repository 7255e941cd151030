package dev.llmops.serve;

import dev.llmops.flow.FlexNode;
import dev.llmops.flow.JavaNode;
import dev.llmops.flow.LlmNode;
import dev.llmops.flow.Node;
import dev.llmops.flow.NodeObserver;
import dev.llmops.flow.PromptNode;
import dev.llmops.flow.PythonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/** A span per node, named after it, current on the node's thread while it runs. */
final class TracingNodes implements NodeObserver {

    private final Tracer tracer;

    TracingNodes(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Running started(Node node) {
        Span span = tracer.spanBuilder(node.name())
                .setAttribute("llmops.node.type", type(node))
                .startSpan();
        Scope scope = span.makeCurrent();
        return (tokens, error) -> {
            if (tokens.totalTokens() > 0) {
                span.setAttribute("gen_ai.usage.input_tokens", tokens.promptTokens());
                span.setAttribute("gen_ai.usage.output_tokens", tokens.completionTokens());
            }
            if (error != null) {
                span.setStatus(StatusCode.ERROR, error);
            }
            scope.close();
            span.end();
        };
    }

    private static String type(Node node) {
        return switch (node) {
            case LlmNode l -> "llm";
            case PromptNode p -> "prompt";
            case PythonNode p -> "python";
            case JavaNode j -> "java";
            case FlexNode f -> "flex";
        };
    }
}
