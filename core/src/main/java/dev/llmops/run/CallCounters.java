package dev.llmops.run;

import dev.llmops.run.progress.RunProgress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One run's model-call activity as its progress shows it: calls waiting to retry, 429 answers, cache hits. */
final class CallCounters {

    final AtomicInteger retrying = new AtomicInteger();
    final AtomicLong throttled = new AtomicLong();
    final AtomicLong cacheHits = new AtomicLong();

    RunProgress.Calls snapshot() {
        return new RunProgress.Calls(Math.max(0, retrying.get()), throttled.get(), cacheHits.get());
    }
}
