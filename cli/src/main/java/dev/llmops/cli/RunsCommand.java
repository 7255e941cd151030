package dev.llmops.cli;

import dev.llmops.run.store.ErrorGroup;
import dev.llmops.run.store.LineStats;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStatus;
import dev.llmops.run.store.RunStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code llmops runs list|show|delete}: the runs kept in the use case's run store. */
@Command(
        name = "runs",
        header = "List, show and delete stored runs.",
        description = "List, show and delete the runs in the run store (.llmops/runs under the use case).",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.ShowRun.class, RunsCommand.DeleteRun.class})
public final class RunsCommand extends BaseCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(context().out());
        return ExitCodes.USAGE;
    }

    /** Options every runs subcommand shares. */
    static final class StoreOptions {
        @Mixin
        UseCaseOptions useCase;

        @Option(
                names = {"--runs-dir", "--runs_dir"},
                paramLabel = "DIR",
                description = "Run store folder (default: <use case>/.llmops/runs).")
        String runsDir;

        RunStore store(CliContext context) {
            Path base = context.env().resolve(useCase.useCase);
            return new RunStore(
                    runsDir == null ? RunStore.defaultDir(base) : context.env().resolve(runsDir));
        }
    }

    private static final java.time.format.DateTimeFormatter CREATED =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

    @Command(name = "list", description = "List runs, newest first.")
    static final class ListRuns extends BaseCommand {
        @Mixin
        StoreOptions options;

        @Override
        public Integer call() {
            RunStore store = options.store(context());
            List<RunRecord> runs = store.list();
            PrintWriter out = context().out();
            if (runs.isEmpty()) {
                out.println("No runs in " + store.root() + ".");
                return ExitCodes.OK;
            }
            String format = "%-60s  %-19s  %-20s  %9s  %s%n";
            out.printf(Locale.ROOT, format, "run", "status", "created (UTC)", "ok/total", "failed");
            for (RunRecord r : runs) {
                RunRecord.Lines lines = r.lines() == null ? new RunRecord.Lines(0, 0, 0) : r.lines();
                if (r.status().resumable()) {
                    // run.json is only final at the end: count an unfinished run from its lines.
                    LineStats stats = store.stats(r.name());
                    lines = new RunRecord.Lines(lines.total(), stats.completed(), stats.failed());
                }
                out.printf(
                        Locale.ROOT,
                        format,
                        r.name(),
                        r.status(),
                        r.created() == null
                                ? "-"
                                : r.created().toString().replace('T', ' ').replace("Z", ""),
                        lines.completed() + "/" + lines.total(),
                        lines.failed());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "Show a run: status, line counts, tokens, latency, duration.")
    static final class ShowRun extends BaseCommand {
        @Mixin
        StoreOptions options;

        @Parameters(paramLabel = "RUN", description = "Run name, or 'latest'.")
        String run;

        @Override
        public Integer call() {
            RunStore store = options.store(context());
            RunRecord r = store.load(run);
            // Counted from outputs.jsonl, one per line number: also right for an interrupted run.
            LineStats stats = store.stats(r.name());
            int total = r.lines() == null ? 0 : r.lines().total();
            PrintWriter out = context().out();
            row(out, "run", r.name());
            row(
                    out,
                    "status",
                    r.status()
                            + (r.error() == null ? "" : " (" + r.error() + ")")
                            + (r.status() == RunStatus.Interrupted
                                    ? "; its process is gone: 'llmops run --resume " + r.name() + "' continues it"
                                    : ""));
            row(out, "experiment", r.experiment() + (r.env() == null ? "" : " (env " + r.env() + ")"));
            row(out, "variant", r.variant() + (r.variantOverrides().isEmpty() ? "" : " " + r.variantOverrides()));
            row(out, "dataset", r.dataset() + (r.dataFile() == null ? "" : " (" + r.dataFile() + ")"));
            row(out, "flow", r.flowPath());
            row(
                    out,
                    "lines",
                    stats.completed() + " ok, " + stats.failed() + " failed, " + (stats.completed() + stats.failed())
                            + " of " + total + " done");
            row(
                    out,
                    "tokens",
                    stats.tokens().total() + " (prompt " + stats.tokens().prompt() + ", completion "
                            + stats.tokens().completion() + ")");
            row(out, "latency", "p50 " + stats.percentile(50) + " ms, p95 " + stats.percentile(95) + " ms");
            row(
                    out,
                    "duration",
                    r.durationMs() == null && !r.status().resumable()
                            ? "-"
                            : format(Duration.ofMillis(store.durationSoFar(r))));
            if (r.costEstimate() != null) {
                row(out, "cost", String.format(Locale.ROOT, "%.4f (estimate)", r.costEstimate()));
            }
            row(out, "created", String.valueOf(r.created()));
            row(out, "tags", r.tags().isEmpty() ? "-" : r.tags().toString());
            Map<String, Object> metrics = store.metrics(r.name());
            metrics.forEach((k, v) -> row(out, "metric " + k, String.valueOf(v)));
            List<ErrorGroup> errors = stats.failed() == 0 ? List.of() : store.errorGroups(r.name());
            for (ErrorGroup g : errors) {
                row(out, "error", g.describe());
            }
            row(out, "folder", store.dir(r.name()).toString());
            return ExitCodes.OK;
        }

        private static void row(PrintWriter out, String key, String value) {
            out.printf(Locale.ROOT, "%-11s %s%n", key + ":", value);
        }

        private static String format(Duration d) {
            if (d.toHours() > 0) {
                return String.format(Locale.ROOT, "%dh%02dm%02ds", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
            }
            if (d.toMinutes() > 0) {
                return String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
            }
            return String.format(Locale.ROOT, "%d.%03ds", d.toSecondsPart(), d.toMillisPart());
        }
    }

    @Command(name = "delete", description = "Delete a run and its files.")
    static final class DeleteRun extends BaseCommand {
        @Mixin
        StoreOptions options;

        @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run names.")
        List<String> runs;

        @Override
        public Integer call() {
            RunStore store = options.store(context());
            for (String r : runs) {
                store.delete(r);
                context().out().println("Deleted " + r + ".");
            }
            return ExitCodes.OK;
        }
    }
}
