package dev.llmops.flow.tool;

import java.util.Map;

/**
 * Serves the model calls that flex entry code makes (a {@code Prompty} call, a model configuration's chat, or a
 * raw OpenAI request to the loopback endpoint) with the JVM's own chat client: same throttle, retries, cache,
 * record/replay and token accounting as an llm node. Called on the thread of the line that made the call.
 */
public interface ModelGateway {

    /** A gateway for code that must not call models (validation): every request fails with a clear message. */
    ModelGateway NONE = request -> {
        throw new ToolException("model calls are not available here (the flow is only being checked)", null);
    };

    /**
     * Serves one request. {@code request.op} says what is asked: {@code prompty} (render a prompty file with
     * inputs and call its model), {@code prompty_tokens} (estimate the rendered prompt's tokens) or {@code chat}
     * (an OpenAI chat-completions body).
     *
     * @return the JSON-like answer sent back to the entry's code
     * @throws ToolException when the request is wrong or the model call failed; the entry's code sees an error
     */
    Map<String, Object> serve(Map<String, Object> request);

    /**
     * Whether this call streams: a generator entry then sends each item as a {@code chunk} request ({@code
     * text}) as it yields it, instead of only the joined items at the end.
     */
    default boolean streams() {
        return false;
    }
}
