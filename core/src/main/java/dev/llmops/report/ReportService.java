package dev.llmops.report;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.error.StateException;
import dev.llmops.eval.gate.GateEvaluator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes a report: computes baseline deltas, evaluates gates, then writes every output into the report
 * directory (CSV, HTML, {@code metrics.json}, {@code junit.xml}) and to the CI system (GitHub job summary, Azure
 * Pipelines issues). All files are written before gate failures are reported, so CI always has the artifacts.
 */
public final class ReportService {

    private final List<ReportWriter> writers;

    /** The standard writers; {@code out} receives Azure Pipelines logging commands. */
    public ReportService(SystemEnv env, PrintWriter out) {
        this(List.of(
                new CsvReportWriter(),
                new HtmlReportWriter(),
                new MetricsJsonWriter(),
                new JunitXmlWriter(),
                new GithubSummaryWriter(env),
                new AzureDevOpsLogger(env, out)));
    }

    public ReportService(List<ReportWriter> writers) {
        this.writers = List.copyOf(writers);
    }

    /**
     * Writes all reports. Does not throw for failed gates; call {@link ReportOutcome#requireGatesPassed()}.
     *
     * @throws ConfigException when a gate names an unknown or ambiguous metric, or needs a baseline that was not
     *     given; the reports are written first, without gate verdicts
     * @throws StateException when the report directory cannot be written
     */
    public ReportOutcome publish(ReportRequest request) {
        ReportModel model = request.model();
        if (request.baseline().isPresent()) {
            Baseline baseline = request.baseline().get();
            model = model.withBaseline(baseline.source(), baseline.deltas(model));
        }
        ConfigException gateProblem = null;
        try {
            model = model.withGates(GateEvaluator.evaluate(
                    request.gates(),
                    model.metricPoints(request.countFailedLines()),
                    request.baseline().isPresent()));
        } catch (ConfigException e) {
            // A mistyped gate must not cost CI its reports: write them without verdicts, then report the mistake.
            gateProblem = e;
        }
        Path dir = request.reportDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StateException("cannot create report directory " + dir + ": " + e.getMessage(), e);
        }
        List<Path> files = new ArrayList<>();
        for (ReportWriter writer : writers) {
            files.addAll(writer.write(model, dir));
        }
        if (gateProblem != null) {
            throw gateProblem;
        }
        return new ReportOutcome(model, files);
    }
}
