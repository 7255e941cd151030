package dev.llmops.run.progress;

import dev.llmops.run.RunSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * Progress for an interactive terminal: one line over every run, redrawn in place ({@code \r}, then ANSI
 * erase-to-end-of-line) and fitted to the terminal's width at each redraw, so it never wraps. It shows lines
 * done of the total, the rate, the ETA and failed lines, and when there are any, calls waiting to retry,
 * throttled (429) answers, cache hits, how many runs are done and tokens. What does not fit is left out, least
 * important first; the bar takes a fifth of the width (none below 40 columns).
 */
public final class TtyProgressRenderer implements ProgressListener {

    private static final String ERASE_TO_END = "\u001b[K";
    private static final int MAX_BAR = 30;
    private static final int MIN_BAR = 8;

    private final PrintWriter out;
    private final IntSupplier columns;
    private boolean drawn;

    public TtyProgressRenderer(PrintWriter out, IntSupplier columns) {
        this.out = out;
        this.columns = columns;
    }

    @Override
    public void update(List<RunProgress> runs) {
        if (runs.isEmpty()) {
            return;
        }
        out.print("\r" + line(runs, columns.getAsInt()) + ERASE_TO_END);
        out.flush();
        drawn = true;
    }

    /** The line for these runs in a terminal {@code columns} wide: at most {@code columns - 1} characters. */
    static String line(List<RunProgress> runs, int columns) {
        int width = Math.max(10, columns) - 1; // the last column would wrap on some terminals
        long done = 0;
        long total = 0;
        long executed = 0;
        long elapsed = 0;
        long failed = 0;
        long tokens = 0;
        long retrying = 0;
        long throttled = 0;
        long cacheHits = 0;
        int finished = 0;
        for (RunProgress p : runs) {
            done += p.done();
            total += p.total();
            executed += p.completed() + p.failed();
            elapsed = Math.max(elapsed, p.elapsedMillis());
            failed += p.failed();
            tokens += p.tokens();
            retrying += p.calls().retrying();
            throttled += p.calls().throttled();
            cacheHits += p.calls().cacheHits();
            finished += p.finished() ? 1 : 0;
        }
        boolean allFinished = finished == runs.size();
        double rate = elapsed <= 0 ? 0 : executed * 1000.0 / elapsed;
        long percent = total == 0 ? 100 : done * 100 / total;

        String head = done + "/" + total + " (" + percent + "%)";
        List<String> parts = new ArrayList<>();
        parts.add(Format.rate(rate));
        if (allFinished) {
            parts.add("done in " + Format.duration(elapsed));
        } else {
            parts.add("ETA " + (rate <= 0 ? "?" : Format.duration((long) Math.ceil((total - done) / rate) * 1000)));
        }
        parts.add(failed + " failed");
        if (retrying > 0) {
            parts.add(retrying + " retrying");
        }
        if (throttled > 0) {
            parts.add(Format.count(throttled) + " throttled (429)");
        }
        if (cacheHits > 0) {
            parts.add(Format.count(cacheHits) + " cache hits");
        }
        if (runs.size() > 1) {
            parts.add(finished + "/" + runs.size() + " runs");
        }
        parts.add(Format.count(tokens) + " tokens");

        // The bar's width depends on the terminal's only, so it does not jump between frames.
        int bar = width < 40 ? 0 : Math.max(MIN_BAR, Math.min(MAX_BAR, width / 5));
        int room = width - (bar == 0 ? 0 : bar + 3); // "[" + bar + "] "
        StringBuilder text = new StringBuilder(head);
        for (String part : parts) {
            if (text.length() + 2 + part.length() > room) {
                break; // the rest matter less
            }
            text.append(", ").append(part);
        }
        if (bar == 0) {
            return text.length() <= width ? text.toString() : text.substring(0, width);
        }
        double fraction = total == 0 ? 1 : Math.min(1, done / (double) total);
        int full = (int) Math.floor(fraction * bar);
        return String.format(Locale.ROOT, "[%s%s] %s", "#".repeat(full), "-".repeat(bar - full), text);
    }

    @Override
    public void finished(List<RunSummary> runs) {
        if (drawn) {
            out.println();
        }
        out.println();
        SummaryTable.render(runs, out);
        out.flush();
    }
}
