package dev.llmops.cli;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.flow.flex.FlexInit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --init NAME=VALUE} and {@code --init-file FILE}: a flex class entry's constructor parameters. */
public final class InitMixin {

    @Option(
            names = "--init",
            arity = "1..*",
            paramLabel = "NAME=VALUE",
            description =
                    "A flex class entry's init parameter (the standard flow's, for run and experiment); a VALUE that"
                            + " is valid JSON is parsed, else text. Laid over init.json, PF_FLOW_INIT_CONFIG and --init-file.")
    List<String> init = new java.util.ArrayList<>();

    @Option(
            names = "--init-file",
            paramLabel = "FILE",
            description = "A JSON object of init parameters for a flex class entry, laid over init.json.")
    String initFile;

    /** The parameters: the file's, then each {@code --init}. */
    Map<String, Object> parameters(SystemEnv env) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (initFile != null) {
            out.putAll(FlexInit.readObject(env.resolve(initFile)));
        }
        for (String pair : init) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw ConfigException.of(
                        "--init needs NAME=VALUE, got '" + pair + "'", "e.g. --init max_total_token=2048");
            }
            out.put(pair.substring(0, eq).strip(), FlexInit.parseValue(pair.substring(eq + 1)));
        }
        return out;
    }
}
