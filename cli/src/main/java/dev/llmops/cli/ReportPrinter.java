package dev.llmops.cli;

import dev.llmops.eval.gate.GateResult;
import dev.llmops.report.ConsoleSummary;
import dev.llmops.report.ReportOutcome;
import java.io.PrintWriter;

/** Prints where the reports are and how the gates went; shared by report, eval and experiment. */
final class ReportPrinter {

    private ReportPrinter() {}

    static void print(ReportOutcome outcome, PrintWriter out) {
        out.print(ConsoleSummary.render(outcome.model()));
        outcome.resultPage().ifPresent(page -> out.println("Report: " + page + " (open it in a browser)"));
        long files = outcome.files().size();
        out.println("Wrote " + files + " report file" + (files == 1 ? "" : "s") + ".");
        long gates = outcome.model().gates().size();
        if (gates > 0) {
            long failed = outcome.failedGates().size();
            out.println("Gates: " + (gates - failed) + " of " + gates + " passed.");
            for (GateResult g : outcome.failedGates()) {
                out.println("  " + g.message());
            }
        }
    }
}
