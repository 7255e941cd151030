package dev.llmops.llm.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.llm.LlmApi;
import dev.llmops.llm.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a {@code stream: true} answer of OpenAI or Azure OpenAI: server-sent events whose {@code data:} lines each
 * hold a chunk ({@code choices[0].delta.content} for chat, {@code choices[0].text} for completions), until {@code
 * data: [DONE]} or the end of the body. Usage comes in a chunk of its own near the end (OpenAI's {@code
 * stream_options.include_usage}; Azure's newer API versions), or not at all. Azure's first event holds only
 * {@code prompt_filter_results} and no choices. An {@code error} object in an event fails the answer.
 */
final class StreamedAnswer {

    /** The server sent an error event instead of (more) chunks. */
    static final class ErrorEvent extends IOException {
        private final String body;

        ErrorEvent(String body) {
            super("the stream ended with an error event");
            this.body = body;
        }

        String body() {
            return body;
        }
    }

    private final ObjectMapper json;
    private final LlmApi api;
    private final Consumer<String> chunks;
    private final long limit;
    private final StringBuilder text = new StringBuilder();
    private TokenUsage usage = TokenUsage.ZERO;
    private String model;
    private String finishReason;
    private long received;
    private int delivered;

    StreamedAnswer(ObjectMapper json, LlmApi api, long limit, Consumer<String> chunks) {
        this.json = json;
        this.api = api;
        this.limit = limit;
        this.chunks = chunks;
    }

    /** How many non-empty chunks went to the consumer so far. */
    int delivered() {
        return delivered;
    }

    /**
     * Reads events until {@code [DONE]} or the end of the stream.
     *
     * @throws BoundedBody.TooLargeException past the response byte limit
     * @throws ErrorEvent for an {@code error} event
     * @throws IOException when the connection fails or an event is not JSON
     */
    OpenAiWire.Answer read(InputStream in, int status) throws IOException {
        StringBuilder data = new StringBuilder();
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[8192];
        boolean lastWasCr = false;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            received += n;
            if (received > limit) {
                throw new BoundedBody.TooLargeException(status, limit, received, false);
            }
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n' && lastWasCr) {
                    lastWasCr = false;
                    continue;
                }
                lastWasCr = b == '\r';
                if (b == '\n' || b == '\r') {
                    if (field(line.toString(StandardCharsets.UTF_8), data)) {
                        return answer();
                    }
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }
        if (line.size() > 0) {
            field(line.toString(StandardCharsets.UTF_8), data);
        }
        if (!data.isEmpty()) {
            event(data.toString());
        }
        return answer();
    }

    /** One line of the event stream; true once {@code [DONE]} arrived. */
    private boolean field(String line, StringBuilder data) throws IOException {
        if (line.isEmpty()) {
            if (data.isEmpty()) {
                return false;
            }
            String event = data.toString();
            data.setLength(0);
            return event(event);
        }
        if (line.startsWith(":")) {
            return false; // a comment, e.g. a keep-alive
        }
        int colon = line.indexOf(':');
        String name = colon < 0 ? line : line.substring(0, colon);
        if (!name.equals("data")) {
            return false; // event:, id:, retry: carry nothing we use
        }
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (!data.isEmpty()) {
            data.append('\n');
        }
        data.append(value);
        return false;
    }

    private boolean event(String data) throws IOException {
        if (data.strip().equals("[DONE]")) {
            return true;
        }
        JsonNode root = json.readTree(data);
        if (root == null || !root.isObject()) {
            throw new IOException("an event is not a JSON object: " + HttpFailures.snippet(data));
        }
        if (root.has("error")) {
            throw new ErrorEvent(data);
        }
        if (root.path("model").isTextual() && !root.path("model").asText().isEmpty()) {
            model = root.path("model").asText();
        }
        JsonNode u = root.path("usage");
        if (u.isObject()) {
            usage = new TokenUsage(
                    u.path("prompt_tokens").asLong(0),
                    u.path("completion_tokens").asLong(0));
        }
        JsonNode choice = root.path("choices").path(0);
        if (choice.isMissingNode()) {
            return false;
        }
        JsonNode content = api == LlmApi.CHAT ? choice.path("delta").path("content") : choice.path("text");
        if (content.isTextual() && !content.asText().isEmpty()) {
            deliver(content.asText());
        }
        if (choice.path("finish_reason").isTextual()) {
            finishReason = choice.path("finish_reason").asText();
        }
        return false;
    }

    /** Hands one piece of text on and keeps it for the whole answer. */
    void deliver(String piece) {
        text.append(piece);
        delivered++;
        chunks.accept(piece);
    }

    private OpenAiWire.Answer answer() {
        boolean nothing = delivered == 0 && finishReason == null;
        return new OpenAiWire.Answer(nothing ? null : text.toString(), usage, model, finishReason);
    }
}
