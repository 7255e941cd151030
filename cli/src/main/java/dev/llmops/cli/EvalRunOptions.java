package dev.llmops.cli;

import picocli.CommandLine.Option;

/** Which standard runs to evaluate or report on, and where the run store is. */
public final class EvalRunOptions {

    @Option(
            names = {"--runs", "--run_id", "--run-id"},
            paramLabel = "RUNS",
            defaultValue = "latest",
            description = "Standard runs: 'latest' (the last llmops run, default), run1,run2, [\"run1\", ...] or a"
                    + " file holding such a list (the --output-file of llmops run, or the template's run_id.txt).")
    String runs;

    @Option(
            names = {"--runs-dir", "--runs_dir"},
            paramLabel = "DIR",
            description = "Run store folder (default: <use case>/.llmops/runs).")
    String runsDir;
}
