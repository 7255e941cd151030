package dev.llmops.llm.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One attempt of {@link HttpChatClient#chatStream}: the request with {@code stream: true} (and {@code
 * stream_options.include_usage} where the endpoint knows it), the events read as they arrive and each piece of
 * text handed on at once. The whole stream must arrive within the request timeout, as a whole answer must; an
 * endpoint that answers with plain JSON instead (a proxy that does not stream) is read as one chunk. A failure
 * after a chunk was handed on is not retriable: the caller has relayed part of the answer.
 */
final class StreamingCall {

    /** How much of an error body is read for its message. */
    private static final int ERROR_BODY_BYTES = 64 * 1024;

    private final HttpChatClient client;
    private final HttpSupport support;
    private final HttpLimits limits;
    private final HttpFailures failures;
    private final OpenAiWire wire;

    StreamingCall(
            HttpChatClient client, HttpSupport support, HttpLimits limits, HttpFailures failures, OpenAiWire wire) {
        this.client = client;
        this.support = support;
        this.limits = limits;
        this.failures = failures;
        this.wire = wire;
    }

    ChatResponse attempt(ChatRequest request, CallTarget target, int estimate, Consumer<String> chunks)
            throws AttemptFailure, InterruptedException {
        support.observer().beforeAttempt(client.connection(), estimate);
        HttpChatClient.Report report = new HttpChatClient.Report();
        try {
            return send(request, target, chunks, report);
        } finally {
            support.observer().afterAttempt(client.connection(), report.status, report.usage, report.retryAfterMillis);
        }
    }

    private ChatResponse send(
            ChatRequest request, CallTarget target, Consumer<String> chunks, HttpChatClient.Report report)
            throws AttemptFailure, InterruptedException {
        ObjectNode body = client.body(request);
        body.put("stream", true);
        if (client.streamUsage(request)) {
            body.putObject("stream_options").put("include_usage", true);
        }
        HttpRequest http = client.request(request, body, "text/event-stream").build();
        StreamedAnswer reader = new StreamedAnswer(support.json(), request.api(), limits.maxResponseBytes(), chunks);
        long start = System.nanoTime();
        // The whole stream runs against one deadline on this thread (see CallDeadline): a stream that stops midway
        // is cut off when it passes, not only a slow first byte.
        CallDeadline deadline = CallDeadline.start(limits.requestTimeout());
        OpenAiWire.Answer answer;
        try {
            answer = read(http, request, target, reader, report);
        } catch (InterruptedException e) {
            if (deadline.finish()) {
                throw timedOut(target, reader);
            }
            throw e;
        } catch (AttemptFailure f) {
            throw afterChunks(f, reader);
        } catch (IOException e) {
            if (deadline.finish()) {
                throw timedOut(target, reader);
            }
            throw afterChunks(translate(target, e, reader), reader);
        } finally {
            deadline.finish();
        }
        long latency = Duration.ofNanos(System.nanoTime() - start).toMillis();
        report.usage = answer.usage();
        if (reader.delivered() == 0 && "content_filter".equals(answer.finishReason())) {
            throw new AttemptFailure(
                    target.describe() + " withheld the answer: the content filter blocked the completion"
                            + " (finish_reason content_filter). Change the input or the content filtering policy",
                    false,
                    report.status,
                    -1,
                    null);
        }
        if (answer.text() == null) {
            throw failures.malformed(target, "", "stream of chat completion chunks (no chunk held text)");
        }
        return new ChatResponse(answer.text(), answer.usage(), latency, answer.model());
    }

    private OpenAiWire.Answer read(
            HttpRequest http,
            ChatRequest request,
            CallTarget target,
            StreamedAnswer reader,
            HttpChatClient.Report report)
            throws IOException, InterruptedException, AttemptFailure {
        HttpResponse<InputStream> response = support.http().send(http, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            report.status = response.statusCode();
            if (report.status / 100 != 2) {
                report.retryAfterMillis = RetryAfter.millis(response.headers(), support.clock());
                String text = new String(in.readNBytes(ERROR_BODY_BYTES), StandardCharsets.UTF_8);
                throw failures.fromStatus(target, report.status, text, report.retryAfterMillis);
            }
            String type =
                    response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
            if (type.contains("text/event-stream")) {
                return reader.read(in, report.status);
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxResponseBytes() + 1));
            if (bytes.length > limits.maxResponseBytes()) {
                throw new BoundedBody.TooLargeException(report.status, limits.maxResponseBytes(), bytes.length, false);
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            OpenAiWire.Answer whole;
            try {
                whole = wire.parse(request.api(), text);
            } catch (IOException e) {
                throw failures.malformed(target, text, "JSON chat completion (" + e.getMessage() + ")");
            }
            if (whole.text() != null) {
                reader.deliver(whole.text());
            }
            return whole;
        }
    }

    private AttemptFailure translate(CallTarget target, Throwable cause, StreamedAnswer reader) {
        return switch (cause) {
            case AttemptFailure f -> f;
            case BoundedBody.TooLargeException big -> failures.tooLarge(target, big);
            case StreamedAnswer.ErrorEvent event ->
                new AttemptFailure(
                        target.describe() + " sent an error event in its stream: " + HttpFailures.snippet(event.body()),
                        true,
                        500,
                        -1,
                        null);
            case com.fasterxml.jackson.core.JsonProcessingException bad ->
                failures.malformed(target, "", "stream of JSON chunks (" + bad.getOriginalMessage() + ")");
            case IOException io -> failures.fromIo(target, io, limits.requestTimeout());
            case InterruptedException ie ->
                new AttemptFailure(target.describe() + " call was interrupted", false, 0, -1, ie);
            case RuntimeException r -> throw r;
            case Error err -> throw err;
            default -> throw new IllegalStateException(cause);
        };
    }

    private AttemptFailure timedOut(CallTarget target, StreamedAnswer reader) {
        return afterChunks(
                failures.fromIo(
                        target,
                        new HttpTimeoutException("the whole stream did not arrive in time"),
                        limits.requestTimeout()),
                reader);
    }

    /** A failure once part of the answer went out cannot be retried. */
    private static AttemptFailure afterChunks(AttemptFailure f, StreamedAnswer reader) {
        if (reader.delivered() == 0 || !f.retriable()) {
            return f;
        }
        return new AttemptFailure(
                f.getMessage() + " (after " + reader.delivered() + " chunks had been streamed; not retried)",
                false,
                f.status(),
                -1,
                f.getCause());
    }
}
