package dev.llmops.llm;

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
}
