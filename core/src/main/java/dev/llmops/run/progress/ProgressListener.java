package dev.llmops.run.progress;

import dev.llmops.run.RunSummary;
import java.util.List;

/**
 * Receives progress while an experiment runs: {@link #update} periodically from one thread, with every run's
 * snapshot, then {@link #finished} once. Implementations print; they must not block for long.
 */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {};

    default void update(List<RunProgress> runs) {}

    default void finished(List<RunSummary> runs) {}
}
