package dev.llmops.llm.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.json.Json;
import dev.llmops.llm.CallObserver;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What every HTTP chat client of one registry shares: one {@link HttpClient} (so connections are kept alive and
 * reused across lines), the JSON mapper, the call observer, and the clock, sleeper and randomness of the retry
 * loop.
 */
public record HttpSupport(
        HttpClient http,
        ObjectMapper json,
        CallObserver observer,
        Sleeper sleeper,
        Clock clock,
        RandomGenerator random) {

    public HttpSupport {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
    }

    /**
     * An HTTP/2-preferring client (it falls back to HTTP/1.1 where the server does not speak HTTP/2) that keeps
     * connections alive. Its executor is the caller's thread for blocking sends, which suits virtual threads.
     */
    public static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public static HttpSupport defaults(HttpClient http, CallObserver observer) {
        return new HttpSupport(
                http, Json.pooledMapper(), observer, Sleeper.REAL, Clock.systemUTC(), RandomGenerator.getDefault());
    }

    public HttpSupport withSleeper(Sleeper other) {
        return new HttpSupport(http, json, observer, other, clock, random);
    }
}
