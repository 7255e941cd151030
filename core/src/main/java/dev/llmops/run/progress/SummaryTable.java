package dev.llmops.run.progress;

import dev.llmops.run.RunSummary;
import dev.llmops.run.variant.PlannedRun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plain-text tables: the planned runs before starting, and the summary at the end. */
public final class SummaryTable {

    private SummaryTable() {}

    /** The runs about to start, one row each ({@code --dry-run} prints only this). */
    public static void renderPlan(List<PlannedRun> plan, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "dataset", "variant", "overrides"});
        int i = 1;
        for (PlannedRun r : plan) {
            rows.add(new String[] {
                Integer.toString(i++),
                r.dataset(),
                r.variantLabel(),
                r.variantOverrides().isEmpty()
                        ? "(defaults)"
                        : r.variantOverrides().toString()
            });
        }
        out.println(plan.size() + " planned run" + (plan.size() == 1 ? "" : "s") + ":");
        table(rows, out, 1);
    }

    /** The final table: run, status, lines ok/failed, tokens, latency p50/p95, wall time. */
    public static void render(List<RunSummary> runs, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"run", "status", "ok", "failed", "tokens", "p50", "p95", "wall", "cost"});
        for (RunSummary r : runs) {
            rows.add(new String[] {
                r.name(),
                r.status().name(),
                r.completed() + "/" + r.total(),
                Integer.toString(r.failed()),
                Long.toString(r.tokens()),
                Format.latency(r.p50Millis()),
                Format.latency(r.p95Millis()),
                Format.duration(r.wallMillis()),
                r.costEstimate() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.costEstimate())
            });
        }
        table(rows, out, 2);
        errors(runs, out);
    }

    /** How many errors of each run to list; the rest are counted in one line. */
    static final int ERRORS_SHOWN = 5;

    /** Why lines failed: each run's distinct error messages, with counts and the first failing line. */
    static void errors(List<RunSummary> runs, PrintWriter out) {
        for (RunSummary r : runs) {
            if (r.errors().isEmpty()) {
                continue;
            }
            out.println("Failed lines of " + r.name() + ":");
            r.errors().stream().limit(ERRORS_SHOWN).forEach(g -> out.println("  " + g.describe()));
            if (r.errors().size() > ERRORS_SHOWN) {
                out.println("  ... and " + (r.errors().size() - ERRORS_SHOWN) + " other messages (errors.jsonl)");
            }
        }
    }

    private static void table(List<String[]> rows, PrintWriter out, int firstNumeric) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                if (c > 0) {
                    sb.append("  ");
                }
                boolean right = c >= firstNumeric && firstNumeric > 1;
                sb.append(right ? pad(row[c], widths[c], true) : pad(row[c], widths[c], false));
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    private static String pad(String s, int width, boolean left) {
        String fill = " ".repeat(width - s.length());
        return left ? fill + s : s + fill;
    }
}
