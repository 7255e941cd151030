package dev.llmops.report;

import dev.llmops.error.RunFailedException;
import dev.llmops.eval.gate.GateResult;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link ReportService#publish} did.
 *
 * @param model the model as written, with baseline deltas and gate results
 * @param files every file written or appended to
 */
public record ReportOutcome(ReportModel model, List<Path> files) {

    public ReportOutcome {
        files = List.copyOf(files);
    }

    /** The experiment's result page, {@code <report dir>/<experiment>_result.html}: the one to open first. */
    public java.util.Optional<Path> resultPage() {
        String name = ReportFiles.safeName(model.experiment()) + "_result.html";
        return files.stream()
                .filter(f ->
                        f.getFileName() != null && f.getFileName().toString().equals(name))
                .findFirst();
    }

    public List<GateResult> failedGates() {
        return model.gates().stream().filter(g -> !g.passed()).toList();
    }

    /**
     * @throws RunFailedException naming every failed gate (exit 1), after all reports are written
     */
    public void requireGatesPassed() {
        List<GateResult> failed = failedGates();
        if (!failed.isEmpty()) {
            throw new RunFailedException(
                    failed.stream().map(GateResult::message).collect(Collectors.joining(System.lineSeparator())));
        }
    }
}
