package dev.llmops.cli;

import dev.llmops.dataops.config.DataOpsConfig;
import dev.llmops.dataops.config.DatastoreSetup;
import dev.llmops.dataops.config.StorageKey;
import dev.llmops.error.ConfigException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmops data datastore}: the blob datastore of dataops_config.json. */
@Command(
        name = "datastore",
        header = "Create or update the blob datastore DATA_STORE_NAME of dataops_config.json.",
        description = "Creates or updates the Azure ML datastore DATA_STORE_NAME over STORAGE.TARGET_CONTAINER of"
                + " STORAGE.STORAGE_ACCOUNT (the template's aml_data_store step). With an account key (--sa-key or"
                + " STORAGE_ACCOUNT_KEY) the datastore keeps it as its credentials; without one it is identity-based.")
public final class DataDatastoreCommand extends BaseCommand {

    @Mixin
    DataConfigOptions where;

    @Mixin
    AzureOptions azure;

    @Mixin
    DataCommand.Output output;

    @Option(
            names = {"--sa-key", "--sa_key"},
            paramLabel = "KEY",
            description = "Storage account key for the datastore's credentials (default: $STORAGE_ACCOUNT_KEY; without"
                    + " one the datastore is identity-based). Prefer the variable: an argument is visible to others.")
    String accountKey;

    @Override
    public Integer call() {
        CliContext ctx = context();
        DataOpsConfig config = where.load(ctx)
                .orElseThrow(() -> ConfigException.at(
                        where.expected(ctx),
                        0,
                        0,
                        "DataOps config not found",
                        "write it (the template's configs/dataops_config.json), or pass --config"));
        Optional<String> key =
                StorageKey.resolve(Optional.ofNullable(accountKey), ctx.env(), where.useCaseDir(ctx), ctx.masker());
        DatastoreSetup.Result r = new DatastoreSetup(ctx.env(), ctx.masker(), ctx.err()::println)
                .apply(
                        config,
                        DataCommand.workspace(azure),
                        where.useCaseDir(ctx),
                        key,
                        output.dryRun,
                        output.outputFile(ctx));
        String action = r.existed().map(e -> e ? "update" : "create").orElse("create or update");
        if (r.dryRun()) {
            ctx.out().println("would " + action + " datastore " + r.name() + ": PUT " + r.id());
            ctx.out().println(r.request().toPrettyString());
        } else {
            ctx.out()
                    .printf(
                            "%s datastore %s (container %s of storage account %s, credentials %s)%n",
                            action.equals("update") ? "updated" : "created",
                            r.name(),
                            r.container(),
                            r.account(),
                            r.credentialsType());
        }
        ctx.out().flush();
        return ExitCodes.OK;
    }
}
