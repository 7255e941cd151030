package dev.llmops.dataops.register;

import dev.llmops.azure.AzureWorkspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code llmops data register} did (or, with {@code dryRun}, would do).
 *
 * @param dryRun nothing was written
 * @param workspace the workspace; empty in a dry run without workspace settings
 * @param entries one per dataset, in the request's order
 * @param notes what the user should know (missing settings in a dry run, skipped datasets)
 */
public record RegisterResult(
        boolean dryRun, Optional<AzureWorkspace> workspace, List<Entry> entries, List<String> notes) {

    public RegisterResult {
        Objects.requireNonNull(workspace, "workspace");
        entries = List.copyOf(entries);
        notes = List.copyOf(notes);
    }

    /**
     * One dataset.
     *
     * @param dataset the dataset's name, which is the data asset's name
     * @param source the source as written
     * @param file the local file; empty for an {@code azureml:} source
     * @param sha256 the file's SHA-256 (lower-case hex); empty for an {@code azureml:} source
     * @param size the file's size in bytes (0 for an {@code azureml:} source)
     * @param outcome what became of it
     */
    public record Entry(
            String dataset, String source, Optional<Path> file, Optional<String> sha256, long size, Outcome outcome) {

        /** {@code name:version}, or empty when no version is known. */
        public Optional<String> label() {
            return outcome.versionAfter().map(v -> dataset + ":" + v);
        }
    }
}
