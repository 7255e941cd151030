package dev.llmops.dataops.register;

import dev.llmops.dataops.WorkspaceOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code llmops data register} registers, and where.
 *
 * @param useCaseDir the use case (its {@code .env} may name the workspace)
 * @param datasets the experiment's datasets, one per name, in the order the template registers them
 * @param workspace the workspace as given on the command line
 * @param datastore the datastore to upload to; empty for the workspace's default one
 * @param blockSize files larger than this are uploaded as staged blocks of this size (resumable)
 * @param outputFile where to write the JSON summary, if anywhere
 */
public record RegisterRequest(
        Path useCaseDir,
        List<DatasetSource> datasets,
        WorkspaceOptions workspace,
        Optional<String> datastore,
        long blockSize,
        Optional<Path> outputFile) {

    public RegisterRequest {
        Objects.requireNonNull(useCaseDir, "useCaseDir");
        datasets = List.copyOf(datasets);
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(datastore, "datastore");
        Objects.requireNonNull(outputFile, "outputFile");
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be positive: " + blockSize);
        }
    }
}
