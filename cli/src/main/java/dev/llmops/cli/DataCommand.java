package dev.llmops.cli;

import dev.llmops.dataops.WorkspaceOptions;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code llmops data register|datastore|assets|prep}: datasets as versioned Azure ML data assets, and DataOps. */
@Command(
        name = "data",
        header = "Register datasets as data assets; datastore and prep (DataOps).",
        description = {
            "register: upload every local dataset of the experiment and register it as a uri_file data asset (a new"
                    + " version only when the file's SHA-256 changes).",
            "datastore, assets, prep: the steps of configs/dataops_config.json (create the blob datastore, register"
                    + " its DATA_ASSETS, turn the source CSV blob into JSON Lines)."
        },
        subcommands = {
            DataRegisterCommand.class,
            DataDatastoreCommand.class,
            DataAssetsCommand.class,
            DataPrepCommand.class
        })
public final class DataCommand extends BaseCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(context().out());
        return ExitCodes.USAGE;
    }

    /** {@code --dry-run} and {@code --output-file}, shared by every data subcommand. */
    static final class Output {
        @Option(
                names = {"--dry-run", "--dry_run"},
                description = "Say what would be done, reading Azure at most; upload, register and write nothing.")
        boolean dryRun;

        @Option(
                names = {"--output-file", "--output_file", "-o"},
                paramLabel = "FILE",
                description = "Also write the result as JSON to this file.")
        String outputFile;

        Optional<Path> outputFile(CliContext context) {
            return Optional.ofNullable(outputFile).map(f -> context.env().resolve(f));
        }
    }

    static WorkspaceOptions workspace(AzureOptions azure) {
        return new WorkspaceOptions(azure.subscription(), azure.resourceGroup(), azure.workspace());
    }
}
