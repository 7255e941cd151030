package dev.llmops.run.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void should_let_a_minute_burst_through_then_pace_to_the_rate() throws Exception {
        // given 60 requests per minute
        FakeTicker ticker = new FakeTicker();
        TokenBucket bucket = new TokenBucket(60, ticker);

        // when 180 requests are made
        for (int i = 0; i < 180; i++) {
            bucket.acquire(1);
        }

        // then the first 60 pass at once and the next 120 take two minutes, one a second
        assertThat(ticker.slept.get() / 1e9).isCloseTo(120.0, within(0.01));
        assertThat(ticker.sleeps.get()).isEqualTo(120);
    }

    @Test
    void should_charge_tokens_per_request_for_tokens_per_minute() throws Exception {
        // given 1000 tokens per minute
        FakeTicker ticker = new FakeTicker();
        TokenBucket bucket = new TokenBucket(1000, ticker);

        // when ten requests of 500 tokens are made
        for (int i = 0; i < 10; i++) {
            bucket.acquire(500);
        }

        // then 5000 tokens took 4 minutes beyond the first full bucket
        assertThat(ticker.slept.get() / 60e9).isCloseTo(4.0, within(0.001));
    }

    @Test
    void should_give_back_tokens_when_the_estimate_was_high() throws Exception {
        // given a drained bucket of 100 tokens per minute
        FakeTicker ticker = new FakeTicker();
        TokenBucket bucket = new TokenBucket(100, ticker);
        bucket.acquire(100);

        // when the request turns out to have used only 40
        bucket.adjust(40 - 100);
        bucket.acquire(60);

        // then the next 60 tokens pass without waiting
        assertThat(ticker.sleeps.get()).isZero();
    }
}
