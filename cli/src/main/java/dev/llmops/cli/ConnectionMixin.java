package dev.llmops.cli;

import dev.llmops.experiment.ConnectionOverrides;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Connection settings that bring a template project without editing it, shared by run, eval, experiment, flow test,
 * validate and show; and the template's {@code --subscription_id}, accepted and ignored.
 */
public final class ConnectionMixin {

    @Option(
            names = "--connection",
            paramLabel = "NAME=FILE",
            description = "Replace (or add) connection NAME with a Prompt Flow connection YAML (type, api_base,"
                    + " api_key: $${ENV_VAR}, ...). Repeatable.")
    Map<String, String> connections = new LinkedHashMap<>();

    @Option(
            names = "--set",
            paramLabel = "connections.NAME.FIELD=VALUE",
            description =
                    "Set one connection property, e.g. --set connections.aoai.api_base=https://x.openai.azure.com/"
                            + " (wins over the files, --connection and <NAME>_API_BASE). Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(
            names = {"--subscription_id", "--subscription-id"},
            paramLabel = "ID",
            description = "The template's Azure subscription; local runs need none, so it is ignored (with a note).")
    String subscriptionId;

    /** The overrides, files resolved against the working folder; notes an ignored {@code --subscription_id}. */
    ConnectionOverrides overrides(CliContext ctx) {
        if (subscriptionId != null) {
            ctx.err()
                    .println("note: --subscription_id is ignored: llmops runs locally and needs no Azure subscription");
        }
        Map<String, Path> files = new LinkedHashMap<>();
        connections.forEach((name, file) -> files.put(name.strip(), ctx.env().resolve(file.strip())));
        return ConnectionOverrides.parse(files, sets);
    }
}
