package dev.llmops.dataops.prep;

import dev.llmops.dataops.config.DataOpsConfig;
import java.util.List;

/**
 * What {@code llmops data prep} wrote (or, with {@code dryRun}, would write).
 *
 * @param dryRun nothing was written
 * @param storage where it read and wrote
 * @param rows rows of the source CSV, lines of the JSON Lines
 * @param columns the CSV's header
 * @param sha256 SHA-256 of the JSON Lines written to every target
 * @param bytes their size
 * @param targets one per {@code DATA_ASSETS} entry, in order
 */
public record PrepResult(
        boolean dryRun,
        DataOpsConfig.Storage storage,
        long rows,
        List<String> columns,
        String sha256,
        long bytes,
        List<Target> targets) {

    public PrepResult {
        columns = List.copyOf(columns);
        targets = List.copyOf(targets);
    }

    /** A blob of {@code TARGET_CONTAINER} written for a data asset. */
    public record Target(String asset, String container, String path) {}
}
