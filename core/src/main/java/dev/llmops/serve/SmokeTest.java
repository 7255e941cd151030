package dev.llmops.serve;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * One smoke test of a served flow: a request file POSTed to {@code /score} as a client sends it (JSON, the key as
 * {@code Authorization: Bearer}), the verdict a value: anything but HTTP 200 fails, where the template's {@code
 * test_local_flow.py} logged and carried on. Used by {@code llmops serve --smoke} and by every deploy target before
 * traffic moves.
 *
 * <p>With more than one attempt, a failed one is retried, as the template does: at once after an answer that is not
 * 200, after a pause when the connection was refused (a container still starting); an attempt that timed out is
 * not retried.
 */
public final class SmokeTest {

    /** The managed endpoints' own request limit. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    /** The Azure ML header that sends a request to one deployment of an endpoint, whatever its traffic. */
    public static final String DEPLOYMENT_HEADER = "azureml-model-deployment";

    private static final int SHOWN = 2000;

    private final HttpClient http;
    private final Duration timeout;
    private final int attempts;
    private final Duration pause;

    /**
     * @param timeout how long one attempt may take
     * @param attempts how many requests at most (1: no retry)
     * @param pause the wait after an attempt that got no answer
     */
    public SmokeTest(HttpClient http, Duration timeout, int attempts, Duration pause) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.pause = Objects.requireNonNull(pause, "pause");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.attempts = attempts;
    }

    /** One attempt, no retry: for endpoints that said they are ready. */
    public SmokeTest(HttpClient http) {
        this(http, DEFAULT_TIMEOUT, 1, Duration.ZERO);
    }

    /**
     * What the endpoint answered.
     *
     * @param status the HTTP status of the last attempt; 0 when nothing answered
     * @param contentType the response's {@code Content-Type}, or empty
     * @param body the response body, or why there was none
     * @param attempts how many requests were sent
     */
    public record Result(int status, String contentType, String body, int attempts) {

        public Result {
            contentType = contentType == null ? "" : contentType;
            body = body == null ? "" : body;
        }

        public boolean ok() {
            return status == 200;
        }

        /** The body, cut for an error line. */
        public String shortBody() {
            String flat = body.strip();
            return flat.isEmpty() ? "(empty body)" : flat.length() <= SHOWN ? flat : flat.substring(0, SHOWN) + "...";
        }
    }

    /** The {@code /score} URL of a server given by its base URL ({@code http://host:8080}) or its scoring URL. */
    public static URI scoreUri(String url) {
        String u = url.strip();
        URI given = URI.create(u);
        if (given.getScheme() == null
                || !(given.getScheme().equals("http") || given.getScheme().equals("https"))
                || given.getHost() == null) {
            throw new IllegalArgumentException(
                    "'" + url + "' is not an http:// or https:// URL with a host, e.g. http://localhost:8080");
        }
        String path = given.getRawPath() == null ? "" : given.getRawPath();
        return path.isEmpty() || path.equals("/") ? URI.create(u.replaceAll("/+$", "") + "/score") : given;
    }

    /**
     * @param key sent as {@code Authorization: Bearer KEY} (never printed); empty to send none
     * @param headers more headers, e.g. {@code azureml-model-deployment} to pin one deployment of an endpoint
     * @param request the request body, JSON
     */
    public Result score(URI uri, Optional<String> key, Map<String, String> headers, String request) {
        String why = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request));
            key.filter(k -> !k.isBlank()).ifPresent(k -> b.header("Authorization", "Bearer " + k.strip()));
            headers.forEach(b::header);
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                Result result = new Result(
                        r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body(), attempt);
                if (result.ok() || attempt == attempts) {
                    return result;
                }
            } catch (HttpTimeoutException e) {
                // A server that takes longer than the timeout once will again: no retry.
                return new Result(0, "", "no answer from " + uri + " within " + timeout.toSeconds() + " s", attempt);
            } catch (ConnectException e) {
                why = "no answer from " + uri + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage());
                if (attempt < attempts) {
                    sleep();
                }
            } catch (IOException e) {
                why = "no answer from " + uri + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted during the smoke test");
            }
        }
        return new Result(0, "", why, attempts);
    }

    /** A smoke test's verdict. */
    public sealed interface Verdict {
        URI uri();

        Result result();

        /** HTTP 200 with the flow's shape. */
        record Passed(URI uri, Result result) implements Verdict {}

        /** Anything else, with why in one line (the body cut, no key). */
        record Failed(URI uri, Result result, String reason) implements Verdict {}
    }

    /**
     * Scores the request and judges the answer: HTTP 200 with the {@code shape} of what the flow answers.
     *
     * @param key sent as {@code Authorization: Bearer KEY} (never printed); empty to send none
     */
    public Verdict check(URI uri, Optional<String> key, String request, ResponseShape shape) {
        Result r = score(uri, key, Map.of(), request);
        if (r.status() == 0) {
            return new Verdict.Failed(uri, r, r.body());
        }
        if (!r.ok()) {
            return new Verdict.Failed(uri, r, "HTTP " + r.status() + ": " + r.shortBody());
        }
        return shape.problem(r.contentType(), r.body())
                .<Verdict>map(p -> new Verdict.Failed(uri, r, "HTTP 200 but " + p))
                .orElseGet(() -> new Verdict.Passed(uri, r));
    }

    private void sleep() {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted during the smoke test");
        }
    }
}
