package dev.llmops.cli;

import dev.llmops.error.ConfigException;
import dev.llmops.eval.RunSelection;
import dev.llmops.experiment.gate.Gate;
import dev.llmops.experiment.gate.GateParser;
import dev.llmops.experiment.gate.VariantScope;
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
            description = "Gate: METRIC (or evaluator.metric) must be at least VALUE. Repeatable.")
    List<String> failUnder = new ArrayList<>();

    @Option(
            names = {"--fail-above", "--fail_above"},
            paramLabel = "METRIC=VALUE",
            description = "Gate for a lower-is-better METRIC (error_rate, run.latency_p95_ms, run.cost_usd,"
                    + " run.failed_lines): it must be at most VALUE. Repeatable.")
    List<String> failAbove = new ArrayList<>();

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

    @Option(
            names = "--gate-variants",
            paramLabel = "best|all|default|VARIANT",
            defaultValue = "best",
            description = "Which variants the command line's gates judge: the best one of each dataset (default, so"
                    + " a default variant nobody ships cannot fail the build), all, the default, or one by name.")
    String gateVariants;

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
        VariantScope variants = GateParser.variants(gateVariants);
        List<Gate> gates = new ArrayList<>();
        failUnder.forEach(a -> gates.add(GateParser.failUnder(a, variants)));
        failAbove.forEach(a -> gates.add(GateParser.failAbove(a, variants)));
        maxRegression.forEach(a -> gates.add(GateParser.maxRegression(a, variants)));
        return new ReportJob.Options(runs, context.env().resolve(reportDir), baseline, gates, build, count);
    }
}
