package dev.llmops.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.llm.CallObserver;
import dev.llmops.llm.TokenUsage;
import dev.llmops.run.progress.RunProgress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageTrackerTest {

    private final UsageTracker tracker = new UsageTracker(CallObserver.NONE);
    private final Map<String, TokenUsage> usage = UsageTracker.newTally();
    private final CallCounters calls = new CallCounters();

    @Test
    void should_count_a_call_as_retrying_from_its_failed_attempt_until_the_next_attempt() throws Exception {
        // given
        tracker.bind(usage, calls);

        // when a throttled attempt
        tracker.beforeAttempt("aoai", 10);
        tracker.afterAttempt("aoai", 429, TokenUsage.ZERO, 1000);

        // then
        assertThat(calls.snapshot()).isEqualTo(new RunProgress.Calls(1, 1, 0));

        // when the retry starts and succeeds
        tracker.beforeAttempt("aoai", 10);
        tracker.afterAttempt("aoai", 200, new TokenUsage(10, 2), -1);

        // then
        assertThat(calls.snapshot()).isEqualTo(new RunProgress.Calls(0, 1, 0));
        assertThat(usage).containsEntry("aoai", new TokenUsage(10, 2));
    }

    @Test
    void should_stop_counting_a_call_that_gave_up_when_its_line_ends() throws Exception {
        // given
        tracker.bind(usage, calls);
        tracker.beforeAttempt("aoai", 10);
        tracker.afterAttempt("aoai", 503, TokenUsage.ZERO, -1);

        // when the client gives up and the line ends
        tracker.unbind();

        // then
        assertThat(calls.snapshot()).isEqualTo(new RunProgress.Calls(0, 0, 0));
    }

    @Test
    void should_count_cache_hits_of_the_bound_run_only() {
        // given
        tracker.bind(usage, calls);

        // when
        tracker.cacheHit("aoai");
        tracker.unbind();
        tracker.cacheHit("aoai");

        // then
        assertThat(calls.snapshot().cacheHits()).isEqualTo(1);
    }
}
