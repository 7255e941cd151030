package dev.llmops.deploy.webapp;

import dev.llmops.azure.Sleeper;
import dev.llmops.serve.SmokeTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Talks to a running site over HTTPS: polls {@code /health} until it answers 200 (App Service answers 503 while
 * it pulls the image and starts the container), then posts the smoke-test request to {@code /score}.
 */
final class SiteProbe {

    /** A result: the status (0 when nothing answered) and the body. */
    record Answer(int status, String body) {
        boolean ok() {
            return status == 200;
        }

        /** One line for messages. */
        String brief() {
            String flat = body.strip().replaceAll("\\s+", " ");
            String shown = flat.length() <= 500 ? flat : flat.substring(0, 500) + "...";
            return (status == 0 ? "no answer" : "HTTP " + status) + (shown.isEmpty() ? "" : ": " + shown);
        }
    }

    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration MAX_WAIT = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(4);

    private final HttpClient http;
    private final Sleeper sleeper;
    private final Clock clock;

    SiteProbe(HttpClient http, Sleeper sleeper, Clock clock) {
        this.http = http;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /**
     * Polls {@code https://<host>/health} until it answers 200 or {@code timeout} runs out. Waits follow
     * {@code Retry-After} when the site sends one, else grow from 1 s to 15 s; there is no fixed sleep.
     *
     * @param progress told of each answer that is not yet healthy
     * @return the last answer: 200, or what the site said when the time ran out
     */
    Answer awaitHealthy(String host, Duration timeout, Consumer<String> progress) {
        URI url = URI.create("https://" + host + WebAppBodies.HEALTH_PATH);
        Instant start = clock.instant();
        Duration wait = FIRST_WAIT;
        Answer last = new Answer(0, "");
        while (true) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(30))
                    .GET()
                    .build());
            last = response == null ? new Answer(0, "") : new Answer(response.statusCode(), response.body());
            if (last.ok()) {
                return last;
            }
            Duration elapsed = Duration.between(start, clock.instant());
            progress.accept(url + ": " + (last.status() == 0 ? "no answer yet" : "HTTP " + last.status()) + " ("
                    + elapsed.toSeconds() + " s)");
            Duration next = response == null
                    ? wait
                    : response.headers()
                            .firstValue("retry-after")
                            .filter(v -> v.strip().matches("[0-9]{1,4}"))
                            .map(v -> Duration.ofSeconds(Long.parseLong(v.strip())))
                            .orElse(wait);
            if (!elapsed.plus(next).minus(timeout).isNegative()) {
                return last;
            }
            sleep(next);
            wait = wait.multipliedBy(3).dividedBy(2);
            if (wait.compareTo(MAX_WAIT) > 0) {
                wait = MAX_WAIT;
            }
        }
    }

    /**
     * Posts the request to {@code https://<host>/score} with the serving key, as a client would.
     *
     * @param key the serving key (never printed), or null when the image serves without keys
     */
    Answer score(String host, String key, String request) {
        SmokeTest.Result r = new SmokeTest(http, REQUEST_TIMEOUT, 1, Duration.ZERO)
                .score(URI.create("https://" + host + "/score"), Optional.ofNullable(key), Map.of(), request);
        return r.status() == 0
                ? new Answer(0, "https://" + host + "/score did not answer")
                : new Answer(r.status(), r.body());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the web app");
        }
    }

    private void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the web app");
        }
    }
}
