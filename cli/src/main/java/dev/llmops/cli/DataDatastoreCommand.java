package dev.llmops.cli;

import dev.llmops.dataops.config.DataOpsConfig;
import dev.llmops.dataops.config.DatastoreSetup;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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

    @Mixin
    StorageKeyOption storageKey;

    @Override
    public Integer call() {
        CliContext ctx = context();
        DataOpsConfig config = where.require(ctx);
        Optional<String> key = storageKey.resolve(ctx, where);
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
