package dev.llmops.cli;

import dev.llmops.dataops.config.DataOpsConfig;
import dev.llmops.dataops.config.DataOpsConfigLoader;
import dev.llmops.error.ConfigException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the template's {@code dataops_config.json} is: {@code -u}, {@code -e}, {@code --config}. */
final class DataConfigOptions {

    @Option(
            names = {"-u", "--use-case", "--base_path", "--base-path", "--config_path_root_dir"},
            paramLabel = "DIR",
            defaultValue = ".",
            description = "Use-case folder holding configs/dataops_config.json (default: current folder).")
    String useCase;

    @Option(
            names = {"-e", "--env", "--env_name", "--env-name"},
            paramLabel = "ENV",
            description = "Environment: configs/dataops_config.<ENV>.json is read instead when it exists"
                    + " (default: $ENV_NAME).")
    String env;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "The DataOps config to read (default: <use case>/configs/dataops_config.json).")
    String config;

    Path useCaseDir(CliContext context) {
        return context.env().resolve(useCase);
    }

    /** The config, or empty when the use case has none and none was named. */
    Optional<DataOpsConfig> load(CliContext context) {
        String environment = env != null ? env : context.env().get("ENV_NAME").orElse(null);
        return DataOpsConfigLoader.find(
                        useCaseDir(context),
                        environment,
                        Optional.ofNullable(config).map(c -> context.env().resolve(c)))
                .map(DataOpsConfigLoader::load);
    }

    /** The config; a use case without one is an error that says what to write. */
    DataOpsConfig require(CliContext context) {
        return load(context)
                .orElseThrow(() -> ConfigException.at(
                        expected(context),
                        0,
                        0,
                        "DataOps config not found",
                        "write it (the template's configs/dataops_config.json), or pass --config"));
    }

    Path expected(CliContext context) {
        return DataOpsConfigLoader.expected(useCaseDir(context));
    }
}
