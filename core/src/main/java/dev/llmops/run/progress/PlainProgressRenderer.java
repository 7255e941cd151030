package dev.llmops.run.progress;

import dev.llmops.run.RunSummary;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Progress for logs and CI: a plain line per run every {@code everyMillis} of that run's time, or whenever it
 * crosses another {@code everyPercent} of its lines, and once when it finishes. No cursor movement.
 */
public final class PlainProgressRenderer implements ProgressListener {

    private final PrintWriter out;
    private final long everyMillis;
    private final int everyPercent;
    private final Map<String, long[]> last = new HashMap<>();

    public PlainProgressRenderer(PrintWriter out, long everyMillis, int everyPercent) {
        this.out = out;
        this.everyMillis = everyMillis;
        this.everyPercent = everyPercent;
    }

    @Override
    public void update(List<RunProgress> runs) {
        for (RunProgress p : runs) {
            long[] seen = last.computeIfAbsent(p.name(), n -> new long[] {-1, -1, 0});
            if (seen[2] == 1) {
                continue; // already reported finished
            }
            long percent = p.total() == 0 ? 100 : p.done() * 100L / p.total();
            long bucket = everyPercent <= 0 ? -1 : percent / everyPercent;
            boolean due = seen[0] < 0 || p.elapsedMillis() - seen[0] >= everyMillis || bucket > seen[1] || p.finished();
            if (due) {
                out.println(line(p, percent));
                seen[0] = p.elapsedMillis();
                seen[1] = bucket;
                seen[2] = p.finished() ? 1 : 0;
            }
        }
        out.flush();
    }

    static String line(RunProgress p, long percent) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "[%s] %d/%d lines (%d%%)", p.name(), p.done(), p.total(), percent));
        if (p.failed() > 0) {
            sb.append(", ").append(p.failed()).append(" failed");
        }
        sb.append(", ").append(Format.rate(p.rate()));
        sb.append(", ").append(Format.count(p.tokens())).append(" tokens");
        if (p.finished()) {
            sb.append(", done in ").append(Format.duration(p.elapsedMillis()));
        } else if (p.etaSeconds() >= 0) {
            sb.append(", ETA ").append(Format.duration(p.etaSeconds() * 1000));
        }
        return sb.toString();
    }

    @Override
    public void finished(List<RunSummary> runs) {
        out.println();
        SummaryTable.render(runs, out);
        out.flush();
    }
}
