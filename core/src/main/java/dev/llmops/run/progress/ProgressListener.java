package dev.llmops.run.progress;

import dev.llmops.run.RunSummary;
import java.util.List;

/**
 * Receives progress while an experiment runs: {@link #update} periodically from one thread, with every run's
 * snapshot, then {@link #finished} once. Implementations print; they must not block for long.
 */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {};

    /**
     * Bars redrawn in place on an interactive terminal; otherwise a plain line per run every 10 seconds and at
     * every 25 % (CI logs).
     */
    static ProgressListener forOutput(java.io.PrintWriter out, boolean interactive) {
        return interactive ? new TtyProgressRenderer(out) : new PlainProgressRenderer(out, 10_000, 25);
    }

    default void update(List<RunProgress> runs) {}

    default void finished(List<RunSummary> runs) {}
}
