package dev.llmops.cli;

import dev.llmops.dataops.config.DataOpsConfig;
import dev.llmops.dataops.prep.DataPrep;
import dev.llmops.dataops.prep.PrepRequest;
import dev.llmops.dataops.prep.PrepResult;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code llmops data prep}: the template's prep step, CSV blob to JSON Lines. */
@Command(
        name = "prep",
        header = "Turn the source CSV blob of dataops_config.json into JSON Lines for every data asset.",
        description = {
            "Reads STORAGE.SOURCE_BLOB from STORAGE.SOURCE_CONTAINER of STORAGE.STORAGE_ACCOUNT, turns each CSV row"
                    + " into one JSON object (numbers and True/False typed per column, empty cells null) and writes"
                    + " the JSON Lines to every DATA_ASSETS[].PATH in STORAGE.TARGET_CONTAINER, replacing what is"
                    + " there. Signs with the account key (--sa-key or STORAGE_ACCOUNT_KEY), else with Entra ID.",
            "A use case without configs/dataops_config.json has nothing to prepare: the command says so and exits 0."
        })
public final class DataPrepCommand extends BaseCommand {

    @Mixin
    DataConfigOptions where;

    @Mixin
    DataCommand.Output output;

    @Mixin
    StorageKeyOption storageKey;

    @Override
    public Integer call() {
        CliContext ctx = context();
        Optional<DataOpsConfig> config = where.load(ctx);
        if (config.isEmpty()) {
            ctx.err().println("llmops: " + where.expected(ctx) + " does not exist: nothing to prepare.");
            return ExitCodes.OK;
        }
        Optional<String> key = storageKey.resolve(ctx, where);
        PrepResult r = new DataPrep(ctx.env(), ctx.err()::println)
                .prep(new PrepRequest(config.get(), key, output.dryRun, output.outputFile(ctx)));
        for (PrepResult.Target t : r.targets()) {
            ctx.out()
                    .printf(
                            "%s %d rows (sha256 %s, %d bytes) to %s/%s for data asset %s%n",
                            r.dryRun() ? "would write" : "wrote",
                            r.rows(),
                            r.sha256(),
                            r.bytes(),
                            t.container(),
                            t.path(),
                            t.asset());
        }
        ctx.out().flush();
        return ExitCodes.OK;
    }
}
