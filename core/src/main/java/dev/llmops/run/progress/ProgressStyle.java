package dev.llmops.run.progress;

import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * How a command shows progress while lines run, chosen once in {@code cli} from where its output goes and the
 * user's options.
 *
 * @param mode what is shown
 * @param columns the terminal's current width, read at each redraw ({@link Mode#LIVE} only)
 */
public record ProgressStyle(Mode mode, IntSupplier columns) {

    public enum Mode {
        /** An interactive terminal: one line redrawn in place, fitted to the terminal's width. */
        LIVE,
        /** Logs and CI: a plain line per run every 10 s and at every 25 %, and when it ends. */
        PLAIN,
        /** {@code --no-progress}: nothing while running; the summary at the end. */
        OFF,
        /** {@code --quiet}: no progress and no plan or step chatter; the results only. */
        QUIET
    }

    public static final ProgressStyle PLAIN = new ProgressStyle(Mode.PLAIN, () -> 80);

    public ProgressStyle {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(columns, "columns");
    }

    public static ProgressStyle of(Mode mode) {
        return new ProgressStyle(mode, () -> 80);
    }

    public static ProgressStyle live(IntSupplier columns) {
        return new ProgressStyle(Mode.LIVE, columns);
    }

    /** Whether informational lines (the plan, each evaluation step) are left out. */
    public boolean quiet() {
        return mode == Mode.QUIET;
    }
}
