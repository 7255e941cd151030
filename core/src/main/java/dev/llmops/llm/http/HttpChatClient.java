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
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

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
    private final HttpLimits limits;
    private final HttpFailures failures;
    private final OpenAiWire wire;
    private final List<String> secrets;

    /**
     * @param secrets values that must never appear in an error message (the api key), replaced by {@code ***}
     *     should an endpoint echo them
     */
    protected HttpChatClient(
            String connection, HttpSupport support, RetryPolicy retry, HttpLimits limits, List<String> secrets) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.support = Objects.requireNonNull(support, "support");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.limits = Objects.requireNonNull(limits, "limits");
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

    /**
     * Whether a streamed request asks for usage in the last event ({@code stream_options.include_usage}); an
     * endpoint that does not know the option would refuse the request.
     */
    protected boolean streamUsage(ChatRequest request) {
        return true;
    }

    /**
     * The request for one attempt, authorized; {@code accept} is the media type wanted back. Plain {@code http://}
     * endpoints (local models, proxies, fakes) are spoken to in HTTP/1.1: with HTTP/2 preferred, the JDK client
     * would send every call there as an h2c upgrade ({@code Connection: Upgrade, HTTP2-Settings}, {@code Upgrade:
     * h2c}), which no model server takes up with a body and which only costs headers; {@code https://} endpoints
     * still negotiate HTTP/2.
     */
    final HttpRequest.Builder request(ChatRequest request, ObjectNode body, String accept) throws AttemptFailure {
        URI uri = uri(request);
        byte[] json;
        try {
            json = support.json().writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a request body that Jackson built cannot fail to write", e);
        }
        // No HttpRequest timeout: the call's CallDeadline bounds the whole exchange, headers and body (the JDK
        // client would keep a second timer per request in its selector's queue).
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            builder.version(java.net.http.HttpClient.Version.HTTP_1_1);
        }
        authorize(builder);
        return builder;
    }

    protected final OpenAiWire wire() {
        return wire;
    }

    protected final String connection() {
        return connection;
    }

    @Override
    public final ChatResponse chat(ChatRequest request) {
        return call(request, (target, estimate) -> attempt(request, target, estimate));
    }

    @Override
    public final ChatResponse chatStream(ChatRequest request, Consumer<String> chunks) {
        StreamingCall streamed = new StreamingCall(this, support, limits, failures, wire);
        return call(request, (target, estimate) -> streamed.attempt(request, target, estimate, chunks));
    }

    /** One attempt at a call; {@link #call} retries it. */
    interface Attempt {
        ChatResponse run(CallTarget target, int estimate) throws AttemptFailure, InterruptedException;
    }

    private ChatResponse call(ChatRequest request, Attempt once) {
        validate(request);
        CallTarget target = target(request);
        int estimate = estimateTokens(request);
        long waitedMillis = 0;
        int counted = 0;
        for (int attempt = 1; ; attempt++) {
            AttemptFailure failure;
            try {
                return once.run(target, estimate);
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
            // A 429 that says when to come back is the endpoint pacing us, not failing: only the total wait budget
            // bounds those, so a throttled line waits its turn instead of failing after a few attempts.
            boolean paced = failure.status() == 429 && failure.retryAfterMillis() >= 0;
            if (!paced) {
                counted++;
            }
            String giveUp = null;
            if (counted >= retry.maxAttempts()) {
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

    /** Calls the observer before and, exactly once, after the attempt, whatever happens in between. */
    private ChatResponse attempt(ChatRequest request, CallTarget target, int estimate)
            throws AttemptFailure, InterruptedException {
        support.observer().beforeAttempt(connection, estimate);
        Report report = new Report();
        try {
            return send(request, target, report);
        } finally {
            support.observer().afterAttempt(connection, report.status, report.usage, report.retryAfterMillis);
        }
    }

    private ChatResponse send(ChatRequest request, CallTarget target, Report report)
            throws AttemptFailure, InterruptedException {
        HttpRequest.Builder builder = request(request, body(request), "application/json");
        long start = System.nanoTime();
        HttpResponse<String> response = exchange(builder.build(), target);
        long latency = Duration.ofNanos(System.nanoTime() - start).toMillis();
        report.status = response.statusCode();
        if (report.status / 100 != 2) {
            report.retryAfterMillis = RetryAfter.millis(response.headers(), support.clock());
            throw failures.fromStatus(target, report.status, response.body(), report.retryAfterMillis);
        }
        OpenAiWire.Answer answer;
        try {
            answer = wire.parse(request.api(), response.body());
        } catch (IOException e) {
            throw failures.malformed(target, response.body(), "JSON chat completion (" + e.getMessage() + ")");
        }
        report.usage = answer.usage();
        if (answer.text() == null) {
            if ("content_filter".equals(answer.finishReason())) {
                throw new AttemptFailure(
                        target.describe() + " withheld the answer: the content filter blocked the completion"
                                + " (finish_reason content_filter). Change the input or the content filtering policy",
                        false,
                        report.status,
                        -1,
                        null);
            }
            throw failures.malformed(target, response.body(), "completion with text content");
        }
        return new ChatResponse(answer.text(), answer.usage(), latency, answer.model());
    }

    /**
     * Sends the request and reads the whole body within the request timeout and the body cap. The request's own
     * timeout only bounds the wait for the headers; a server that then trickles its body would hold the line for
     * as long as it likes, so the whole exchange runs against one {@link CallDeadline}, which interrupts this thread
     * (the client then cancels the exchange and closes the connection) when it passes. Not {@code sendAsync}: its
     * future completes through the common fork-join pool, which any blocked task can starve.
     */
    private HttpResponse<String> exchange(HttpRequest request, CallTarget target)
            throws AttemptFailure, InterruptedException {
        CallDeadline deadline = CallDeadline.start(limits.requestTimeout());
        try {
            return support.http().send(request, BoundedBody.handler(limits.maxResponseBytes()));
        } catch (InterruptedException e) {
            if (deadline.finish()) {
                throw timedOut(target);
            }
            throw e;
        } catch (IOException e) {
            if (deadline.finish()) {
                throw timedOut(target);
            }
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof BoundedBody.TooLargeException big) {
                    throw failures.tooLarge(target, big);
                }
            }
            throw failures.fromIo(target, e, limits.requestTimeout());
        } finally {
            deadline.finish();
        }
    }

    private AttemptFailure timedOut(CallTarget target) {
        return failures.fromIo(
                target, new HttpTimeoutException("the whole response did not arrive in time"), limits.requestTimeout());
    }

    /** What the observer hears after an attempt; 0 / ZERO / -1 until the attempt learns better. */
    static final class Report {
        int status;
        TokenUsage usage = TokenUsage.ZERO;
        long retryAfterMillis = -1;
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
