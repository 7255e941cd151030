package dev.llmops.report;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.eval.RunSelection;
import dev.llmops.eval.StandardRuns;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.gate.Gate;
import dev.llmops.run.store.RunKind;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Publishes the reports of stored runs: what {@code llmops report} does, and the last step of {@code llmops eval}
 * and {@code llmops experiment}. Reads runs, builds the model, resolves the baseline and the gates, and writes
 * every report through {@link ReportService}. Calls no model.
 */
public final class ReportJob {

    /**
     * What to report.
     *
     * @param runs the standard runs to report on
     * @param reportDir where the files go
     * @param baseline {@code --baseline}: a report directory, a {@code metrics.json}, or a standard run (its batch
     *     and their evaluations); null for none
     * @param gates the command line's gates ({@code --fail-under}, {@code --fail-above}, {@code --max-regression}),
     *     judged after the experiment's {@code gates:}
     * @param build the CI build id, or null
     * @param countFailedLines whether gates count lines without a result as failures (default) or leave them out
     */
    public record Options(
            RunSelection runs,
            Path reportDir,
            String baseline,
            List<Gate> gates,
            String build,
            boolean countFailedLines) {

        /** Options whose gates count failed lines as failures. */
        public Options(RunSelection runs, Path reportDir, String baseline, List<Gate> gates, String build) {
            this(runs, reportDir, baseline, gates, build, true);
        }

        /** The same options for other runs and build id (the runs an experiment just made). */
        public Options forRuns(RunSelection selection, String buildId) {
            return new Options(selection, reportDir, baseline, gates, buildId, countFailedLines);
        }

        public Options {
            Objects.requireNonNull(runs, "runs");
            Objects.requireNonNull(reportDir, "reportDir");
            gates = List.copyOf(gates);
        }
    }

    private final RunStore store;
    private final ReportBuilder builder;
    private final ReportService service;
    private final SystemEnv env;

    public ReportJob(RunStore store, ReportBuilder builder, ReportService service, SystemEnv env) {
        this.store = store;
        this.builder = builder;
        this.service = service;
        this.env = env;
    }

    /**
     * Writes every report. Gate verdicts are in the outcome; call {@link ReportOutcome#requireGatesPassed()}.
     *
     * @throws ConfigException for malformed gates or an unusable baseline (reports written first when only a gate
     *     names an unknown metric)
     * @throws dev.llmops.error.StateException for unknown runs or runs without evaluations
     */
    public ReportOutcome publish(Experiment experiment, Options options) {
        // The experiment's gates were parsed (and validated) with it; the command line's come after them.
        List<Gate> gates = new ArrayList<>(experiment.gates());
        gates.addAll(options.gates());
        Optional<Baseline> baseline = Optional.ofNullable(options.baseline()).map(b -> baseline(experiment, b));
        List<RunRecord> runs = builder.standardRuns(options.runs());
        ReportModel model = builder.build(experiment, runs, options.build());
        return service.publish(
                new ReportRequest(model, options.reportDir(), gates, baseline, options.countFailedLines()));
    }

    private Baseline baseline(Experiment experiment, String value) {
        Path path = env.resolve(value);
        if (Files.exists(path)) {
            return Baseline.load(path);
        }
        if (!store.has(value)) {
            throw ConfigException.of(
                    "--baseline " + value + " is neither a report directory, a metrics.json nor a run in "
                            + store.root(),
                    "pass the report directory of an earlier run, its metrics.json, or a standard run name"
                            + " ('llmops runs list' shows them)");
        }
        RunRecord run = store.load(value);
        if (run.kind() instanceof RunKind.Evaluation e && e.link() != null) {
            run = store.load(e.link().standardRun());
        }
        // A run stands for the experiment it was part of: compare variant by variant, dataset by dataset.
        List<RunRecord> batch = StandardRuns.batchOf(store, run.name());
        return Baseline.of("run " + run.name(), builder.build(experiment, batch, null));
    }
}
