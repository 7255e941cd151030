package dev.llmops.llm.http;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as text, but never more than a limit: a declared {@code Content-Length} above it fails
 * before any byte is read, and a body that grows past it is cut (the connection is cancelled) the moment it does,
 * so a hostile or broken endpoint cannot fill the heap.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {

    /** The body was larger than the limit; {@code declared} tells whether Content-Length said so up front. */
    static final class TooLargeException extends IOException {

        private final int status;
        private final long limit;
        private final boolean declared;

        TooLargeException(int status, long limit, long seen, boolean declared) {
            super("response body " + (declared ? "declared as " + seen + " bytes" : "passed " + seen + " bytes")
                    + ", over the limit of " + limit + " bytes");
            this.status = status;
            this.limit = limit;
            this.declared = declared;
        }

        int status() {
            return status;
        }

        long limit() {
            return limit;
        }

        boolean declared() {
            return declared;
        }
    }

    private final int status;
    private final long limit;
    private final long declaredLength;
    private final Charset charset;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private final List<byte[]> chunks = new ArrayList<>();
    private long received;
    private Flow.Subscription subscription;

    private BoundedBody(int status, long limit, long declaredLength, Charset charset) {
        this.status = status;
        this.limit = limit;
        this.declaredLength = declaredLength;
        this.charset = charset;
    }

    static HttpResponse.BodyHandler<String> handler(long limit) {
        return info -> new BoundedBody(
                info.statusCode(),
                limit,
                info.headers().firstValueAsLong("content-length").orElse(-1),
                charset(info.headers()));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredLength > limit) {
            s.cancel();
            result.completeExceptionally(new TooLargeException(status, limit, declaredLength, true));
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            received += buffer.remaining();
            if (received > limit) {
                chunks.clear();
                subscription.cancel();
                result.completeExceptionally(new TooLargeException(status, limit, received, false));
                return;
            }
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            chunks.add(bytes);
        }
    }

    @Override
    public void onError(Throwable error) {
        chunks.clear();
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        byte[] all = new byte[(int) received];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        chunks.clear();
        result.complete(new String(all, charset));
    }

    @Override
    public CompletionStage<String> getBody() {
        return result;
    }

    /** The charset of {@code Content-Type}, UTF-8 when absent or unknown (what JSON is). */
    static Charset charset(HttpHeaders headers) {
        String type = headers.firstValue("content-type").orElse("");
        for (String part : type.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = p.substring("charset=".length()).replace("\"", "").strip();
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
