package dev.llmops.llm;

import java.util.function.Consumer;

/**
 * The seam every model provider implements. Callers use {@link #chat}; providers implement {@link #doChat},
 * which performs exactly one attempt. {@code chat} is the template method: it validates the request and applies
 * the retry policy around {@code doChat}.
 *
 * <p>Implementations are thread-safe: one client is shared by every line of every run.
 */
public interface ChatClient {

    /**
     * Sends the request, retrying retriable failures.
     *
     * @throws LlmException when the call fails for good; {@link LlmException#retriable()} tells whether a later
     *     attempt (another run, a resume) may succeed
     */
    ChatResponse chat(ChatRequest request);

    /**
     * Sends the request asking the endpoint to stream ({@code stream: true}) and hands each piece of the answer's
     * text to {@code chunks} as it arrives, on the calling thread or one of the client's. Failures before the first
     * chunk are retried as {@link #chat} retries them; after a chunk was handed on, a failure is final (the caller
     * has relayed part of the answer). Clients without a streaming protocol (replay, cache) hand the whole answer
     * over as one chunk; that is this default.
     *
     * @return the whole answer, as {@link #chat} would return it: the chunks joined, and the usage the endpoint
     *     reported in its last event (zero when it reported none)
     * @throws LlmException as {@link #chat}
     */
    default ChatResponse chatStream(ChatRequest request, Consumer<String> chunks) {
        ChatResponse response = chat(request);
        if (response.text() != null && !response.text().isEmpty()) {
            chunks.accept(response.text());
        }
        return response;
    }
}
