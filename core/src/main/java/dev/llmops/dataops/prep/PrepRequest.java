package dev.llmops.dataops.prep;

import dev.llmops.dataops.config.DataOpsConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code llmops data prep} prepares.
 *
 * @param config the use case's {@code dataops_config.json}
 * @param accountKey the storage account's key; empty signs in with Entra ID
 * @param dryRun read and convert the source, write nothing
 * @param outputFile where to write the JSON summary, if anywhere
 */
public record PrepRequest(
        DataOpsConfig config, Optional<String> accountKey, boolean dryRun, Optional<java.nio.file.Path> outputFile) {

    public PrepRequest {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(accountKey, "accountKey");
        Objects.requireNonNull(outputFile, "outputFile");
    }

    @Override
    public String toString() {
        return "PrepRequest[config=" + config.file() + ", dryRun=" + dryRun + "]";
    }
}
