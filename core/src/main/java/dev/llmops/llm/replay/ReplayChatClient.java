package dev.llmops.llm.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.llm.ChatClient;
import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import dev.llmops.llm.LlmApi;
import dev.llmops.llm.LlmException;
import dev.llmops.llm.TokenUsage;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers from {@link Recordings} instead of a live endpoint, for offline runs and CI. An exact recorded request
 * wins; otherwise the first {@code match} rule in file order; otherwise the call fails, non-retriably, saying
 * how to add the missing answer. Latency is reported as 0.
 */
public final class ReplayChatClient implements ChatClient {

    private static final int QUOTE = 200;

    private final String connection;
    private final Recordings recordings;
    private final ReplayFormat format;

    public ReplayChatClient(String connection, Recordings recordings, ReplayFormat format) {
        this.connection = connection;
        this.recordings = recordings;
        this.format = format;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        ObjectNode node = format.request(request);
        String fingerprint = format.fingerprint(node);
        String api = request.api().name().toLowerCase(Locale.ROOT);
        String lastUser = lastUserText(request);
        Optional<JsonNode> hit = recordings.exact(fingerprint);
        if (hit.isEmpty()) {
            hit = recordings.firstRule(api, request.deployment(), lastUser);
        }
        return hit.map(response -> format.response(response, estimate(request, response)))
                .orElseThrow(() -> miss(request, fingerprint, lastUser));
    }

    private LlmException miss(ChatRequest request, String fingerprint, String lastUser) {
        String quoted = lastUser == null
                ? "(none)"
                : '"' + (lastUser.length() <= QUOTE ? lastUser : lastUser.substring(0, QUOTE) + "...") + '"';
        return new LlmException(
                "Replay connection '" + connection + "' has no recording in " + recordings.source() + " for this "
                        + request.api().name().toLowerCase(Locale.ROOT) + " call to deployment '"
                        + request.deployment() + "' (fingerprint " + fingerprint.substring(0, 12)
                        + "), last user message " + quoted + ". Record it by running once against a live connection"
                        + " with --record " + recordings.source() + ", or add a line such as {\"match\":"
                        + " {\"contains\": \"...\"}, \"response\": {\"text\": \"...\"}} to the file",
                false,
                0);
    }

    /** The last user message, or the prompt of a completion call: what hand-written rules match on. */
    static String lastUserText(ChatRequest request) {
        if (request.api() == LlmApi.COMPLETION) {
            return request.prompt();
        }
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equalsIgnoreCase(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        return null;
    }

    /** Roughly four characters a token, for entries written by hand without usage. */
    private static TokenUsage estimate(ChatRequest request, JsonNode response) {
        long chars = request.prompt() == null ? 0 : request.prompt().length();
        for (ChatMessage m : request.messages()) {
            chars += m.content() == null ? 0 : m.content().length();
        }
        return new TokenUsage((chars + 3) / 4, (response.path("text").asText().length() + 3) / 4);
    }
}
