package dev.llmops.serve;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code llmops serve --smoke URL}: POSTs a sample request to a running server's {@code /score}, as the template's
 * {@code test_local_flow.py} does (JSON body, 30 s timeout, up to 3 attempts, 2 s apart after a connection error
 * only), but the verdict is a value: anything but 200 fails, where the template logged and carried on.
 */
public final class SmokeCheck {

    private static final int ATTEMPTS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PAUSE = Duration.ofSeconds(2);
    private static final int SHOWN = 2000;

    private final HttpClient http;

    public SmokeCheck(HttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * What the server answered.
     *
     * @param status the HTTP status of the last attempt; 0 when no attempt got an answer
     * @param body the body (cut to 2,000 characters), or why there was no answer
     * @param attempts how many requests were sent
     */
    public record Result(String url, int status, String body, int attempts) {
        public boolean passed() {
            return status == 200;
        }
    }

    /** The {@code /score} URL for a server's base URL or its {@code /score} URL. */
    public static URI scoreUri(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return URI.create(u.endsWith("/score") ? u : u + "/score");
    }

    /**
     * @param key an API key to send as {@code Authorization: Bearer} (never printed), or null
     */
    public Result check(URI score, String body, String key) throws InterruptedException {
        String why = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(score)
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (key != null && !key.isBlank()) {
                b.header("Authorization", "Bearer " + key.strip());
            }
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 || attempt == ATTEMPTS) {
                    return new Result(score.toString(), r.statusCode(), cut(r.body()), attempt);
                }
                why = "HTTP " + r.statusCode() + ": " + cut(r.body());
            } catch (ConnectException | HttpTimeoutException e) {
                why = "no answer (" + e.getClass().getSimpleName() + ")";
                if (attempt < ATTEMPTS) {
                    Thread.sleep(PAUSE.toMillis());
                }
            } catch (IOException e) {
                why = "no answer (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
            }
        }
        return new Result(score.toString(), 0, why, ATTEMPTS);
    }

    private static String cut(String body) {
        String flat = body == null ? "" : body.strip();
        return flat.length() <= SHOWN ? flat : flat.substring(0, SHOWN) + "...";
    }
}
