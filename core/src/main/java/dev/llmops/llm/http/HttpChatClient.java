package dev.llmops.llm.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.llm.ChatClient;
import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import dev.llmops.llm.LlmApi;
import dev.llmops.llm.LlmException;
import dev.llmops.llm.TokenUsage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The template every HTTP provider shares: {@link #chat} validates, then runs attempts with backoff, jitter and
 * the server's Retry-After within the retry budget, tells the {@link dev.llmops.llm.CallObserver} about each
 * attempt and measures latency. Providers only say where to send the request, how to authorize it and what the
 * body is.
 */
public abstract class HttpChatClient implements ChatClient {

    private final String connection;
    private final HttpSupport support;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final HttpFailures failures;
    private final OpenAiWire wire;
    private final List<String> secrets;

    /**
     * @param secrets values that must never appear in an error message (the api key), replaced by {@code ***}
     *     should an endpoint echo them
     */
    protected HttpChatClient(
            String connection, HttpSupport support, RetryPolicy retry, Duration requestTimeout, List<String> secrets) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.support = Objects.requireNonNull(support, "support");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.failures = new HttpFailures(support.json());
        this.wire = new OpenAiWire(support.json());
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
    }

    /** Where the request goes, query included. */
    protected abstract URI uri(ChatRequest request);

    /** The deployment (Azure) or model (OpenAI) name this request uses, for messages. */
    protected abstract CallTarget target(ChatRequest request);

    /** Adds the authentication headers. */
    protected abstract void authorize(HttpRequest.Builder builder) throws AttemptFailure;

    /** The JSON body. */
    protected ObjectNode body(ChatRequest request) {
        return wire.body(request, false);
    }

    protected final OpenAiWire wire() {
        return wire;
    }

    protected final String connection() {
        return connection;
    }

    @Override
    public final ChatResponse chat(ChatRequest request) {
        validate(request);
        CallTarget target = target(request);
        int estimate = estimateTokens(request);
        long waitedMillis = 0;
        for (int attempt = 1; ; attempt++) {
            AttemptFailure failure;
            try {
                support.observer().beforeAttempt(connection, estimate);
                return attempt(request, target);
            } catch (AttemptFailure f) {
                failure = f;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmException(target.describe() + ": call interrupted", false, 0, e);
            }
            if (!failure.retriable()) {
                throw new LlmException(redact(failure.getMessage()), false, failure.status(), failure.getCause());
            }
            Duration delay = retry.delay(attempt, failure.retryAfterMillis(), support.random());
            String giveUp = null;
            if (attempt >= retry.maxAttempts()) {
                giveUp = "gave up after " + attempt + " attempts";
            } else if (waitedMillis + delay.toMillis() > retry.maxTotalWait().toMillis()) {
                giveUp = "gave up after " + attempt + " attempts: waiting " + delay.toMillis()
                        + " ms more would exceed the retry budget of "
                        + retry.maxTotalWait().toMillis() + " ms";
            }
            if (giveUp != null) {
                throw new LlmException(
                        redact(giveUp + " (" + waitedMillis + " ms spent waiting). Last error: "
                                + failure.getMessage()),
                        true,
                        failure.status(),
                        failure.getCause());
            }
            try {
                support.sleeper().sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmException(target.describe() + ": interrupted while waiting to retry", false, 0, e);
            }
            waitedMillis += delay.toMillis();
        }
    }

    private ChatResponse attempt(ChatRequest request, CallTarget target) throws AttemptFailure, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(request))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request).toString()));
        authorize(builder);
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = support.http().send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            support.observer().afterAttempt(connection, 0, TokenUsage.ZERO, -1);
            throw failures.fromIo(target, e, requestTimeout);
        }
        long latency = Duration.ofNanos(System.nanoTime() - start).toMillis();
        int status = response.statusCode();
        if (status / 100 != 2) {
            long retryAfter = RetryAfter.millis(response.headers(), support.clock());
            support.observer().afterAttempt(connection, status, TokenUsage.ZERO, retryAfter);
            throw failures.fromStatus(target, status, response.body(), retryAfter);
        }
        OpenAiWire.Answer answer;
        try {
            answer = wire.parse(request.api(), response.body());
        } catch (IOException e) {
            support.observer().afterAttempt(connection, status, TokenUsage.ZERO, -1);
            throw failures.malformed(target, response.body(), "JSON chat completion (" + e.getMessage() + ")");
        }
        support.observer().afterAttempt(connection, status, answer.usage(), -1);
        if (answer.text() == null) {
            if ("content_filter".equals(answer.finishReason())) {
                throw new AttemptFailure(
                        target.describe() + " withheld the answer: the content filter blocked the completion"
                                + " (finish_reason content_filter). Change the input or the content filtering policy",
                        false,
                        status,
                        -1,
                        null);
            }
            throw failures.malformed(target, response.body(), "completion with text content");
        }
        return new ChatResponse(answer.text(), answer.usage(), latency, answer.model());
    }

    private void validate(ChatRequest request) {
        String problem = null;
        if (request.deployment() == null || request.deployment().isBlank()) {
            problem = "no deployment_name (Azure) or model (OpenAI) given";
        } else if (request.api() == LlmApi.CHAT && request.messages().isEmpty()) {
            problem = "a chat call needs at least one message; the rendered prompt has no role markers";
        } else if (request.api() == LlmApi.COMPLETION && request.prompt() == null) {
            problem = "a completion call needs a prompt";
        }
        if (problem != null) {
            throw new LlmException("Cannot call connection '" + connection + "': " + problem, false, 0);
        }
    }

    /** Roughly four characters a token, plus the tokens the answer may use, for tokens-per-minute limits. */
    static int estimateTokens(ChatRequest request) {
        long chars = request.prompt() == null ? 0 : request.prompt().length();
        for (ChatMessage m : request.messages()) {
            chars += m.content() == null ? 0 : m.content().length();
        }
        long answer = request.parameters().get("max_tokens") instanceof Number n ? n.longValue() : 0;
        return (int) Math.min(Integer.MAX_VALUE, chars / 4 + 1 + answer);
    }

    private String redact(String message) {
        String out = message;
        for (String s : secrets) {
            out = out.replace(s, "***");
        }
        return out;
    }
}
