package dev.llmops.flow.testing;

import dev.llmops.llm.ChatClient;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import dev.llmops.llm.TokenUsage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A chat client for tests: records every request and answers with a script. Thread-safe. */
public final class ScriptedChatClient implements ChatClient {

    private final Function<ChatRequest, String> script;
    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

    public ScriptedChatClient(Function<ChatRequest, String> script) {
        this.script = script;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        requests.add(request);
        return new ChatResponse(script.apply(request), new TokenUsage(10, 5), 3, "scripted-model");
    }

    public List<ChatRequest> requests() {
        return List.copyOf(requests);
    }
}
