package dev.llmops.run.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.TokenUsage;
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
    void should_pause_the_connection_for_retry_after() throws Exception {
        // given
        FakeTicker ticker = new FakeTicker();
        AdaptiveThrottle throttle = new AdaptiveThrottle(Map.of(), 4, ticker);

        // when the endpoint says retry after 2 s
        attempt(throttle, 429, 2000);
        throttle.beforeAttempt("aoai", 10);

        // then the next attempt waited 2 s, and only once
        assertThat(ticker.slept.get()).isEqualTo(2_000_000_000L);
        throttle.afterAttempt("aoai", 200, TokenUsage.ZERO, -1);
        attempt(throttle, 200, -1);
        assertThat(ticker.sleeps.get()).isEqualTo(1);
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
