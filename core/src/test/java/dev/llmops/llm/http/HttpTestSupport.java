package dev.llmops.llm.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.llm.CallObserver;
import dev.llmops.llm.TokenUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;

/** Collaborators for client tests: a sleeper and an observer that record instead of acting. */
final class HttpTestSupport {

    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    final List<Integer> estimates = new CopyOnWriteArrayList<>();
    final HttpSupport support;

    record Attempt(String connection, int status, TokenUsage usage, long retryAfterMillis) {}

    HttpTestSupport() {
        CallObserver observer = new CallObserver() {
            @Override
            public void beforeAttempt(String connection, int estimatedTokens) {
                estimates.add(estimatedTokens);
            }

            @Override
            public void afterAttempt(String connection, int status, TokenUsage usage, long retryAfterMillis) {
                attempts.add(new Attempt(connection, status, usage, retryAfterMillis));
            }
        };
        support = new HttpSupport(
                HttpSupport.newHttpClient(Duration.ofSeconds(5)),
                new ObjectMapper(),
                observer,
                sleeps::add,
                Clock.systemUTC(),
                RandomGenerator.of("L64X128MixRandom"));
    }

    static RetryPolicy fastRetry(int attempts) {
        return new RetryPolicy(attempts, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(60));
    }

    List<Integer> statuses() {
        return attempts.stream().map(Attempt::status).toList();
    }
}
