package dev.llmops.cli;

import dev.llmops.dataops.register.DataRegistrar;
import dev.llmops.dataops.register.Outcome;
import dev.llmops.dataops.register.RegisterRequest;
import dev.llmops.dataops.register.RegisterResult;
import dev.llmops.experiment.DatasetSources;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.ExperimentLoader;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.experiment.LoadedExperiment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmops data register}: the experiment's datasets as versioned data assets. */
@Command(
        name = "register",
        header = "Upload the experiment's datasets and register them as Azure ML data assets.",
        description = {
            "Every local dataset of the experiment (standard and evaluator datasets) is uploaded to the workspace's"
                    + " default datastore under llmops/data/<sha256>/<file name> and registered as a uri_file data"
                    + " asset named like the dataset, tagged data_hash=<sha256>. A new version is made only when the"
                    + " file's SHA-256 differs from the latest version's data_hash. Prints name:version for each"
                    + " dataset on stdout; progress goes to stderr.",
            "Large files go up as staged blocks: after an interruption, run the command again and it commits what is"
                    + " staged without sending it again. A version is registered only after its upload committed."
        })
public final class DataRegisterCommand extends BaseCommand {

    @Mixin
    UseCaseOptions useCase;

    @Mixin
    AzureOptions azure;

    @Mixin
    DataCommand.Output output;

    @Option(
            names = "--datastore",
            paramLabel = "NAME",
            description = "Blob datastore to upload to (default: the workspace's default datastore).")
    String datastore;

    @Option(
            names = "--block-size",
            paramLabel = "SIZE",
            defaultValue = "8MiB",
            converter = ByteSize.class,
            description = "Files larger than this go up as resumable staged blocks of this size, e.g. 4MiB, 512KiB"
                    + " (default: ${DEFAULT-VALUE}).")
    long blockSize;

    @Override
    public Integer call() {
        CliContext ctx = context();
        LoadedExperiment loaded = new ExperimentLoader()
                .load(
                        new ExperimentRequest(Path.of(useCase.useCase), useCase.env, useCase.file, false),
                        ctx.env(),
                        ctx.masker());
        loaded.warnings().forEach(w -> ctx.err()
                .println(w.relativeTo(ctx.env().workingDir()).format()));
        Experiment experiment = loaded.experiment();
        RegisterRequest request = new RegisterRequest(
                experiment.useCaseDir(),
                DatasetSources.of(experiment),
                DataCommand.workspace(azure),
                Optional.ofNullable(datastore),
                blockSize,
                output.outputFile(ctx));
        DataRegistrar registrar = new DataRegistrar(ctx.env(), ctx.masker(), ctx.err()::println);
        RegisterResult result = output.dryRun ? registrar.plan(request) : registrar.register(request);
        result.notes().forEach(n -> ctx.err().println("note: " + n));
        PrintWriter out = ctx.out();
        for (RegisterResult.Entry e : result.entries()) {
            if (result.dryRun()) {
                out.println(planLine(e, experiment.useCaseDir()));
            } else {
                e.label().ifPresent(out::println);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String planLine(RegisterResult.Entry e, Path useCaseDir) {
        String file = e.file()
                .map(f -> dev.llmops.dataops.SummaryFile.shown(f, useCaseDir))
                .orElse(e.source());
        String hash = e.sha256().map(s -> " sha256 " + s).orElse("");
        String verdict =
                switch (e.outcome()) {
                    case Outcome.WouldCreate w ->
                        "new version " + w.version()
                                + w.latest()
                                        .map(l -> " (version " + l + " has another hash)")
                                        .orElse(" (new asset)");
                    case Outcome.WouldKeep k -> "unchanged (version " + k.version() + " has this hash)";
                    case Outcome.Unknown u -> "new version unknown (" + u.reason() + ")";
                    case Outcome.Skipped s -> "skipped (" + s.reason() + ")";
                    case Outcome.Created c -> "version " + c.version();
                    case Outcome.Unchanged u -> "version " + u.version();
                };
        return e.dataset() + ": " + file + hash + " -> " + verdict;
    }

    /** {@code 8MiB}, {@code 512KiB}, {@code 4M}, {@code 1048576}: a size in bytes. */
    static final class ByteSize implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT).replace(" ", "");
            long unit = 1;
            for (String[] u : new String[][] {
                {"gib", "1073741824"},
                {"mib", "1048576"},
                {"kib", "1024"},
                {"g", "1073741824"},
                {"m", "1048576"},
                {"k", "1024"},
                {"b", "1"}
            }) {
                if (v.endsWith(u[0])) {
                    unit = Long.parseLong(u[1]);
                    v = v.substring(0, v.length() - u[0].length());
                    break;
                }
            }
            long n;
            try {
                n = Long.parseLong(v) * unit;
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a size: write e.g. 8MiB, 512KiB or a number of bytes");
            }
            if (n < 1024 || n > 4000L * 1024 * 1024) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is out of range: a block is between 1KiB and 4000MiB");
            }
            return n;
        }
    }
}
