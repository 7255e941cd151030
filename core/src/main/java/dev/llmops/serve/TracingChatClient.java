package dev.llmops.serve;

import dev.llmops.llm.ChatClient;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import dev.llmops.llm.LlmApi;
import dev.llmops.llm.LlmException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A span around each model call, after OpenTelemetry's GenAI conventions: {@code chat gpt-4o} (client kind) with
 * {@code gen_ai.operation.name}, {@code gen_ai.system}, {@code gen_ai.request.model}, {@code gen_ai.response.model},
 * {@code gen_ai.usage.input_tokens} and {@code gen_ai.usage.output_tokens}; retries are inside it. Prompts and
 * answers are not recorded.
 */
final class TracingChatClient implements ChatClient {

    private final ChatClient delegate;
    private final Tracer tracer;
    private final String connection;
    private final String system;

    TracingChatClient(ChatClient delegate, Tracer tracer, String connection, String connectionType) {
        this.delegate = delegate;
        this.tracer = tracer;
        this.connection = connection;
        String type = connectionType == null ? "" : ServeTracing.lower(connectionType);
        this.system = type.contains("azure") ? "az.ai.openai" : type.contains("openai") ? "openai" : type;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return traced(request, false, () -> delegate.chat(request));
    }

    @Override
    public ChatResponse chatStream(ChatRequest request, Consumer<String> chunks) {
        return traced(request, true, () -> delegate.chatStream(request, chunks));
    }

    private ChatResponse traced(ChatRequest request, boolean stream, Supplier<ChatResponse> call) {
        String operation = request.api() == LlmApi.CHAT ? "chat" : "text_completion";
        Span span = tracer.spanBuilder(operation + " " + request.deployment())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("gen_ai.operation.name", operation)
                .setAttribute("gen_ai.system", system)
                .setAttribute("gen_ai.request.model", String.valueOf(request.deployment()))
                .setAttribute("llmops.connection", connection)
                .setAttribute("llmops.stream", stream)
                .startSpan();
        Scope scope = span.makeCurrent();
        try {
            ChatResponse response = call.get();
            if (response.model() != null) {
                span.setAttribute("gen_ai.response.model", response.model());
            }
            span.setAttribute("gen_ai.usage.input_tokens", response.usage().promptTokens());
            span.setAttribute("gen_ai.usage.output_tokens", response.usage().completionTokens());
            return response;
        } catch (LlmException e) {
            span.setStatus(StatusCode.ERROR, e.getMessage());
            span.setAttribute("error.type", e.status() > 0 ? Integer.toString(e.status()) : "LlmException");
            throw e;
        } finally {
            scope.close();
            span.end();
        }
    }
}
