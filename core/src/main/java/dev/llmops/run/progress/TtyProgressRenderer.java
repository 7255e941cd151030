package dev.llmops.run.progress;

import dev.llmops.run.RunSummary;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Progress bars for an interactive terminal: one line per run, redrawn in place (ANSI cursor-up and
 * clear-line), so several concurrent runs stay readable.
 */
public final class TtyProgressRenderer implements ProgressListener {

    private static final String ESC = "\u001b[";
    private static final int BAR = 24;

    private final PrintWriter out;
    private int drawn;

    public TtyProgressRenderer(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void update(List<RunProgress> runs) {
        StringBuilder sb = new StringBuilder();
        if (drawn > 0) {
            sb.append(ESC).append(drawn).append('A');
        }
        for (RunProgress p : runs) {
            sb.append('\r').append(ESC).append("2K").append(bar(p)).append('\n');
        }
        drawn = runs.size();
        out.print(sb);
        out.flush();
    }

    static String bar(RunProgress p) {
        double fraction = p.total() == 0 ? 1 : Math.min(1, p.done() / (double) p.total());
        int full = (int) Math.round(fraction * BAR);
        String bar = "#".repeat(full) + "-".repeat(BAR - full);
        String tail = p.finished()
                ? "done " + Format.duration(p.elapsedMillis())
                : "ETA " + (p.etaSeconds() < 0 ? "?" : Format.duration(p.etaSeconds() * 1000));
        return String.format(
                Locale.ROOT,
                "%-40s [%s] %d/%d%s %s %s tok %s",
                truncate(p.name(), 40),
                bar,
                p.done(),
                p.total(),
                p.failed() > 0 ? " (" + p.failed() + " failed)" : "",
                Format.rate(p.rate()),
                Format.count(p.tokens()),
                tail);
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : "…" + s.substring(s.length() - n + 1);
    }

    @Override
    public void finished(List<RunSummary> runs) {
        out.println();
        SummaryTable.render(runs, out);
        out.flush();
    }
}
