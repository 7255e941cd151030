package dev.llmops.llm.replay;

import dev.llmops.llm.ChatClient;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;

/**
 * Passes calls to a live client and appends every successful answer to a recordings file that a {@code
 * ReplayConnection} can answer from later. Failed calls are not recorded.
 */
public final class RecordingChatClient implements ChatClient {

    private final ChatClient delegate;
    private final RecordingWriter writer;

    public RecordingChatClient(ChatClient delegate, RecordingWriter writer) {
        this.delegate = delegate;
        this.writer = writer;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        ChatResponse response = delegate.chat(request);
        writer.append(request, response);
        return response;
    }

    @Override
    public ChatResponse chatStream(ChatRequest request, java.util.function.Consumer<String> chunks) {
        ChatResponse response = delegate.chatStream(request, chunks);
        writer.append(request, response);
        return response;
    }
}
