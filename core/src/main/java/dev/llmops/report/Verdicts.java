package dev.llmops.report;

import dev.llmops.eval.gate.Numbers;
import java.util.ArrayList;
import java.util.List;

/** Plain-language answers to "which variant is better, and is it more than noise", shared by HTML and Markdown. */
final class Verdicts {

    private Verdicts() {}

    /** One sentence per metric: which variant is best and whether it beats the default beyond noise. */
    static List<String> of(Comparison.Table t) {
        List<String> verdicts = new ArrayList<>();
        for (int c = 0; c < t.columns().size(); c++) {
            Comparison.Column col = t.columns().get(c);
            if (col.bestVariants().isEmpty()) {
                continue;
            }
            for (Comparison.Row row : t.rows()) {
                Comparison.Cell cell = row.cells().get(c);
                if (!cell.best() || cell.metric().isEmpty()) {
                    continue;
                }
                String head = col.metric() + " (" + col.evaluator() + "): best is " + row.variant() + " at "
                        + Numbers.format(cell.metric().get().value());
                if (row.defaultVariant()) {
                    verdicts.add(head + ", the default variant.");
                } else if (cell.deltaInterval().isEmpty()) {
                    verdicts.add(head
                            + cell.deltaVsDefault()
                                    .map(d -> ", " + Markdown.signed(d)
                                            + " over the default (no per-line scores to test it).")
                                    .orElse("."));
                } else {
                    String delta = Markdown.signed(cell.deltaVsDefault().orElse(Double.NaN)) + " "
                            + "[" + Numbers.format(cell.deltaInterval().get().low()) + ", "
                            + Numbers.format(cell.deltaInterval().get().high()) + "]";
                    verdicts.add(head
                            + (cell.significant()
                                    ? ", better than the default by " + delta + ": significant."
                                    : ", " + delta + " over the default: within noise, not a clear win."));
                }
                break;
            }
        }
        return verdicts;
    }
}
