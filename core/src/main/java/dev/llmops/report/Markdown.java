package dev.llmops.report;

import dev.llmops.eval.gate.GateResult;
import dev.llmops.eval.gate.Numbers;

/** The comparison tables and gate verdicts as GitHub-flavoured Markdown. */
final class Markdown {

    private Markdown() {}

    static String summary(ReportModel model) {
        StringBuilder md = new StringBuilder();
        md.append("## llmops evaluation: ").append(escape(model.experiment()));
        if (model.env() != null) {
            md.append(" (").append(escape(model.env())).append(')');
        }
        md.append("\n\n");
        if (!model.gates().isEmpty()) {
            long failed = model.gates().stream().filter(g -> !g.passed()).count();
            md.append(
                            failed == 0
                                    ? "**All " + model.gates().size() + " gates passed.**"
                                    : "**" + failed + " of " + model.gates().size() + " gates failed.**")
                    .append("\n\n");
            for (GateResult g : model.gates()) {
                if (!g.passed()) {
                    md.append("- :x: ").append(escape(g.message())).append('\n');
                }
            }
            if (failed > 0) {
                md.append('\n');
            }
        }
        for (Comparison.Table table : Comparison.of(model)) {
            md.append("### Dataset ").append(escape(table.dataset()));
            table.dataAsset()
                    .ifPresent(a -> md.append(" (data asset ").append(escape(a)).append(')'));
            md.append("\n\n");
            md.append("| variant |");
            for (Comparison.Column c : table.columns()) {
                md.append(' ').append(escape(c.evaluator() + "." + c.metric())).append(" |");
            }
            md.append(" tokens | p50 / p95 latency |\n|---|");
            md.append("---:|".repeat(table.columns().size())).append("---:|---:|\n");
            for (Comparison.Row row : table.rows()) {
                md.append("| ").append(escape(row.variant()));
                if (row.defaultVariant()) {
                    md.append(" (default)");
                }
                md.append(" |");
                for (Comparison.Cell cell : row.cells()) {
                    md.append(' ').append(cell(cell)).append(" |");
                }
                md.append(' ')
                        .append(row.run()
                                .map(r -> Long.toString(r.tokens().totalTokens()))
                                .orElse("–"))
                        .append(" | ")
                        .append(row.run()
                                .map(r -> ms(r.latencyP50Millis()) + " / " + ms(r.latencyP95Millis()))
                                .orElse("–"))
                        .append(" |\n");
            }
            md.append('\n');
            for (String verdict : Verdicts.of(table)) {
                md.append("- ").append(escape(verdict)).append('\n');
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String cell(Comparison.Cell cell) {
        if (cell.metric().isEmpty()) {
            return "–";
        }
        Metric m = cell.metric().get();
        StringBuilder s = new StringBuilder();
        s.append(cell.best() ? "**" + Numbers.format(m.value()) + "** :trophy:" : Numbers.format(m.value()));
        m.interval().ifPresent(ci -> s.append(" [")
                .append(Numbers.format(ci.low()))
                .append(", ")
                .append(Numbers.format(ci.high()))
                .append(']'));
        cell.deltaVsDefault().ifPresent(d -> {
            s.append(" (").append(signed(d));
            cell.deltaInterval().ifPresent(ci -> s.append(" [")
                    .append(signed(ci.low()))
                    .append(", ")
                    .append(signed(ci.high()))
                    .append(']'));
            s.append(cell.significant() ? ", significant)" : ")");
        });
        cell.baseline().ifPresent(b -> s.append(b.regressed() ? " :small_red_triangle_down: " : " vs baseline ")
                .append(signed(b.delta())));
        return s.toString();
    }

    static String signed(double d) {
        return (d >= 0 ? "+" : "") + Numbers.format(d);
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "–" : Math.round(millis) + " ms";
    }

    /** Neutralises characters that would break a table cell or inject markup. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("\\", "\\\\")
                .replace("|", "\\|")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\r", " ")
                .replace("\n", " ");
    }
}
