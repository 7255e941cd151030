package dev.llmops.cli;

import dev.llmops.dataops.config.ConfigAssets;
import dev.llmops.dataops.config.DataOpsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code llmops data assets}: the DATA_ASSETS of dataops_config.json as data assets. */
@Command(
        name = "assets",
        header = "Register the DATA_ASSETS of dataops_config.json as uri_file data assets.",
        description = "Registers every DATA_ASSETS entry as the uri_file data asset NAME at"
                + " azureml://datastores/<DATA_STORE_NAME>/paths/<PATH> (the template's aml_data_asset step). The file"
                + " is read from the datastore and hashed: a new version, tagged data_hash, only when its SHA-256 or"
                + " its path changed. Prints name:version for each.")
public final class DataAssetsCommand extends BaseCommand {

    @Mixin
    DataConfigOptions where;

    @Mixin
    AzureOptions azure;

    @Mixin
    DataCommand.Output output;

    @Override
    public Integer call() {
        CliContext ctx = context();
        DataOpsConfig config = where.require(ctx);
        ConfigAssets.Result r = new ConfigAssets(ctx.env(), ctx.masker(), ctx.err()::println)
                .register(
                        config,
                        DataCommand.workspace(azure),
                        where.useCaseDir(ctx),
                        output.dryRun,
                        output.outputFile(ctx));
        for (ConfigAssets.Entry e : r.entries()) {
            if (!r.dryRun()) {
                e.label().ifPresent(ctx.out()::println);
                continue;
            }
            String verdict = e.version().isEmpty()
                    ? "new version unknown (no workspace settings)"
                    : e.created()
                            ? "new version " + e.version().get()
                            : "unchanged (version " + e.version().get() + ")";
            ctx.out()
                    .println(e.asset().name() + ": " + e.dataUri()
                            + e.sha256().map(s -> " sha256 " + s).orElse("") + " -> " + verdict);
        }
        ctx.out().flush();
        return ExitCodes.OK;
    }
}
