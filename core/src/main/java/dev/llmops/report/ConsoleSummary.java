package dev.llmops.report;

import dev.llmops.eval.gate.Numbers;
import java.util.List;

/**
 * The answer in the terminal: per dataset and metric, each variant's value with its 95 % interval, the delta
 * against the default variant, the best variant, and the verdict sentences of the HTML report. Plain text, one
 * metric block under another, so it stays readable in a CI log.
 */
public final class ConsoleSummary {

    private ConsoleSummary() {}

    public static String render(ReportModel model) {
        List<Comparison.Table> tables = Comparison.of(model);
        if (tables.isEmpty()) {
            return "";
        }
        StringBuilder out =
                new StringBuilder("Results (95 % bootstrap intervals where the metric is a per-line mean):\n");
        for (Comparison.Table table : tables) {
            out.append("Dataset ").append(table.dataset());
            table.dataAsset()
                    .ifPresent(a -> out.append(" (data asset ").append(a).append(')'));
            out.append('\n');
            int width = table.rows().stream()
                    .mapToInt(r -> r.variant().length() + (r.defaultVariant() ? 10 : 0))
                    .max()
                    .orElse(10);
            for (int c = 0; c < table.columns().size(); c++) {
                Comparison.Column column = table.columns().get(c);
                out.append("  ")
                        .append(column.metric())
                        .append(" (")
                        .append(column.evaluator())
                        .append(")\n");
                for (Comparison.Row row : table.rows()) {
                    String name = row.variant() + (row.defaultVariant() ? " (default)" : "");
                    out.append("    ")
                            .append(pad(name, width))
                            .append("  ")
                            .append(cell(row.cells().get(c)));
                    out.append('\n');
                }
            }
            for (String verdict : Verdicts.of(table)) {
                out.append("  - ").append(verdict).append('\n');
            }
        }
        return out.toString();
    }

    private static String cell(Comparison.Cell cell) {
        if (cell.metric().isEmpty()) {
            return "-";
        }
        Metric m = cell.metric().get();
        StringBuilder s = new StringBuilder(pad(Numbers.format(m.value()), 8));
        s.append(m.interval()
                .map(ci -> "  [" + Numbers.format(ci.low()) + ", " + Numbers.format(ci.high()) + "]")
                .orElse(""));
        s.append("  n=").append(m.n());
        if (m.failed() > 0) {
            s.append(", ").append(m.failed()).append(" failed");
        }
        cell.deltaVsDefault().ifPresent(d -> s.append("  ")
                .append(Markdown.signed(d))
                .append(" vs default")
                .append(cell.significant() ? " (significant)" : ""));
        cell.baseline().ifPresent(b -> s.append("  ")
                .append(Markdown.signed(b.delta()))
                .append(" vs baseline")
                .append(b.regressed() ? " REGRESSED" : ""));
        if (cell.best()) {
            s.append("  best");
        }
        return s.toString();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
