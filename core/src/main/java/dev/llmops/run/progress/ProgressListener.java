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
     * One line redrawn in place on an interactive terminal; otherwise a plain line per run every 10 seconds and at
     * every 25 % (CI logs); or only the summary at the end.
     */
    static ProgressListener forOutput(java.io.PrintWriter out, ProgressStyle style) {
        return switch (style.mode()) {
            case LIVE -> new TtyProgressRenderer(out, style.columns());
            case PLAIN -> new PlainProgressRenderer(out, 10_000, 25);
            case OFF, QUIET ->
                new ProgressListener() {
                    @Override
                    public void finished(List<RunSummary> runs) {
                        SummaryTable.render(runs, out);
                        out.flush();
                    }
                };
        };
    }

    default void update(List<RunProgress> runs) {}

    default void finished(List<RunSummary> runs) {}
}
