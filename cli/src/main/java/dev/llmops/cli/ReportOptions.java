package dev.llmops.cli;

import dev.llmops.error.ConfigException;
import dev.llmops.eval.RunSelection;
import dev.llmops.report.ReportJob;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where reports go, what to compare with and which gates apply; shared by report, eval and experiment. */
public final class ReportOptions {

    @Option(
            names = {"--report-dir", "--report_dir"},
            paramLabel = "DIR",
            defaultValue = "reports",
            description = "Folder for the reports (default: ${DEFAULT-VALUE}, relative to the working folder).")
    String reportDir;

    @Option(
            names = "--baseline",
            paramLabel = "DIR|RUN",
            description = "Compare with an earlier report folder (or its metrics.json) or a standard run.")
    String baseline;

    @Option(
            names = {"--fail-under", "--fail_under"},
            paramLabel = "METRIC=VALUE",
            description = "Gate: every variant's METRIC (or evaluator.metric) must be at least VALUE. Repeatable.")
    List<String> failUnder = new ArrayList<>();

    @Option(
            names = {"--max-regression", "--max_regression"},
            paramLabel = "METRIC=DELTA",
            description = "Gate (with --baseline): METRIC may drop at most DELTA below the baseline. Repeatable.")
    List<String> maxRegression = new ArrayList<>();

    @Option(
            names = "--failed-lines",
            paramLabel = "count|exclude",
            defaultValue = "count",
            description = "How gates treat lines without a result: count them as failures (default: the metric over"
                    + " all lines, so 0.929 over 297 of 300 lines is judged as 0.920) or exclude them.")
    String failedLines;

    ReportJob.Options toOptions(CliContext context, RunSelection runs, String build) {
        boolean count =
                switch (failedLines) {
                    case "count" -> true;
                    case "exclude" -> false;
                    default ->
                        throw ConfigException.of(
                                "--failed-lines: '" + failedLines + "' is neither count nor exclude",
                                "use --failed-lines count (the default) or --failed-lines exclude");
                };
        return new ReportJob.Options(
                runs, context.env().resolve(reportDir), baseline, failUnder, maxRegression, build, count);
    }
}
