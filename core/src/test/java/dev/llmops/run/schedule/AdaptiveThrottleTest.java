package dev.llmops.run.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.TokenUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdaptiveThrottleTest {

    private static ConnectionConfig connection(Map<String, String> props) {
        return new ConnectionConfig("aoai", "AzureOpenAIConnection", props, Set.of());
    }

    private static void attempt(AdaptiveThrottle t, int status, long retryAfter) throws InterruptedException {
        t.beforeAttempt("aoai", 10);
        t.afterAttempt("aoai", status, TokenUsage.ZERO, retryAfter);
    }

    @Test
    void should_halve_concurrency_on_each_429_down_to_one() throws Exception {
        // given
        AdaptiveThrottle throttle = new AdaptiveThrottle(Map.of(), 16, new FakeTicker());

        // when / then
        attempt(throttle, 429, -1);
        assertThat(throttle.currentLimit("aoai")).isEqualTo(8);
        attempt(throttle, 429, -1);
        attempt(throttle, 429, -1);
        attempt(throttle, 429, -1);
        attempt(throttle, 429, -1);
        assertThat(throttle.currentLimit("aoai")).isEqualTo(1);
    }

    @Test
    void should_recover_additively_after_successes_up_to_the_maximum() throws Exception {
        // given a throttled connection at 2 of 4
        AdaptiveThrottle throttle = new AdaptiveThrottle(Map.of(), 4, new FakeTicker());
        attempt(throttle, 429, -1);
        assertThat(throttle.currentLimit("aoai")).isEqualTo(2);

        // when: as many successes as the current limit raise it by one
        attempt(throttle, 200, -1);
        assertThat(throttle.currentLimit("aoai")).isEqualTo(2);
        attempt(throttle, 200, -1);
        assertThat(throttle.currentLimit("aoai")).isEqualTo(3);
        for (int i = 0; i < 20; i++) {
            attempt(throttle, 200, -1);
        }

        // then never above the maximum
        assertThat(throttle.currentLimit("aoai")).isEqualTo(4);
    }

    @Test
    void should_pause_the_connection_for_retry_after_when_most_attempts_are_throttled() throws Exception {
        // given an endpoint whose quota is used up: every answer is 429, retry after 2 s
        FakeTicker ticker = new FakeTicker();
        AdaptiveThrottle throttle = new AdaptiveThrottle(Map.of(), 4, ticker);
        int attempts = 0;
        while (ticker.sleeps.get() == 0 && attempts < 100) {
            attempt(throttle, 429, 2000);
            attempts++;
        }

        // then after a handful of them an attempt had to wait the 2 s first
        assertThat(attempts).isBetween(5, 20);
        assertThat(ticker.sleeps.get()).isEqualTo(1);
        assertThat(ticker.slept.get()).isEqualTo(2_000_000_000L);
    }

    @Test
    void should_not_pause_the_connection_for_an_occasional_429() throws Exception {
        // given one attempt in five is throttled, retry after 1 s
        FakeTicker ticker = new FakeTicker();
        AdaptiveThrottle throttle = new AdaptiveThrottle(Map.of(), 64, ticker);

        // when
        for (int i = 0; i < 1000; i++) {
            attempt(throttle, i % 5 == 4 ? 429 : 200, 1000);
        }

        // then nobody was held back: the throttled attempt alone waits (in the client) before its retry
        assertThat(ticker.sleeps.get()).isZero();
    }

    @Test
    void should_halve_once_for_the_429s_of_attempts_sent_before_the_decrease() throws Exception {
        // given 8 attempts in flight at a limit of 16 (one thread each, as the runner's lines are)
        AdaptiveThrottle throttle = new AdaptiveThrottle(Map.of(), 16, new FakeTicker());
        java.util.concurrent.CountDownLatch admitted = new java.util.concurrent.CountDownLatch(8);
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    throttle.beforeAttempt("aoai", 10);
                    admitted.countDown();
                    answer.await();
                    throttle.afterAttempt("aoai", 429, TokenUsage.ZERO, -1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        admitted.await();

        // when all of them come back 429
        answer.countDown();
        for (Thread t : threads) {
            t.join();
        }

        // then the limit halved once, not eight times; the next round's 429 halves it again
        assertThat(throttle.currentLimit("aoai")).isEqualTo(8);
        attempt(throttle, 429, -1);
        assertThat(throttle.currentLimit("aoai")).isEqualTo(4);
    }

    @Test
    void should_space_decreases_by_retry_after_up_to_a_second() throws Exception {
        // given a decrease just happened on a 429 that said retry after 5 s
        FakeTicker ticker = new FakeTicker();
        AdaptiveThrottle throttle = new AdaptiveThrottle(Map.of(), 64, ticker);
        attempt(throttle, 429, 5000);
        assertThat(throttle.currentLimit("aoai")).isEqualTo(32);

        // when another 429 comes within the second, then after it
        ticker.now.addAndGet(999_000_000L);
        attempt(throttle, 429, 5000);
        int withinTheSecond = throttle.currentLimit("aoai");
        ticker.now.addAndGet(1_000_000L);
        attempt(throttle, 429, 5000);

        // then only the later one counts (the spacing is capped at 1 s, not the 5 s asked)
        assertThat(withinTheSecond).isEqualTo(32);
        assertThat(throttle.currentLimit("aoai")).isEqualTo(16);
    }

    @Test
    void should_enforce_rpm_declared_on_the_connection() throws Exception {
        // given 30 requests per minute
        FakeTicker ticker = new FakeTicker();
        AdaptiveThrottle throttle = new AdaptiveThrottle(Map.of("aoai", connection(Map.of("rpm", "30"))), 4, ticker);

        // when 90 attempts are made
        for (int i = 0; i < 90; i++) {
            attempt(throttle, 200, -1);
        }

        // then 60 of them waited, two seconds apart
        assertThat(ticker.sleeps.get()).isEqualTo(60);
        assertThat(ticker.slept.get()).isEqualTo(120_000_000_000L);
    }

    @Test
    void should_not_limit_connections_without_declared_limits() throws Exception {
        // given
        FakeTicker ticker = new FakeTicker();
        AdaptiveThrottle throttle = new AdaptiveThrottle(Map.of("aoai", connection(Map.of())), 4, ticker);

        // when
        for (int i = 0; i < 1000; i++) {
            attempt(throttle, 200, -1);
        }

        // then
        assertThat(ticker.sleeps.get()).isZero();
    }

    @Test
    void should_name_the_connection_when_a_limit_is_not_a_number() {
        // given
        AdaptiveThrottle throttle =
                new AdaptiveThrottle(Map.of("aoai", connection(Map.of("tpm", "lots"))), 4, new FakeTicker());

        // when / then
        assertThatThrownBy(() -> throttle.beforeAttempt("aoai", 1))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("connection 'aoai': tpm must be a whole number, was 'lots'");
    }
}
