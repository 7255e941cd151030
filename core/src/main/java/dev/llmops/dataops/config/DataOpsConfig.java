package dev.llmops.dataops.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The template's {@code configs/dataops_config.json}, as far as llmops uses it: the datastore, the storage account
 * with the source CSV blob and the target container, and the data assets prep writes and {@code llmops data assets}
 * registers. {@code COMPUTE_NAME}, {@code DATA_PREP_COMPONENT}, {@code PATH} and {@code SCHEDULE} describe the Azure ML
 * pipeline the template schedules; llmops runs the prep step itself (from a scheduled CI job), so they are read by
 * nobody.
 *
 * @param file where it was read from
 * @param dataStoreName {@code DATA_STORE_NAME}: the blob datastore over {@code TARGET_CONTAINER}
 * @param dataStoreDescription {@code DATA_STORE_DESCRIPTION}, or null
 * @param storage {@code STORAGE}
 * @param assets {@code DATA_ASSETS}, in order
 */
public record DataOpsConfig(
        Path file, String dataStoreName, String dataStoreDescription, Storage storage, List<Asset> assets) {

    public DataOpsConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(dataStoreName, "dataStoreName");
        Objects.requireNonNull(storage, "storage");
        assets = List.copyOf(assets);
    }

    /**
     * {@code STORAGE}.
     *
     * @param account {@code STORAGE_ACCOUNT}
     * @param sourceContainer {@code SOURCE_CONTAINER}: where the CSV is
     * @param sourceBlob {@code SOURCE_BLOB}: the CSV
     * @param targetContainer {@code TARGET_CONTAINER}: where the JSON Lines go, the datastore's container
     */
    public record Storage(String account, String sourceContainer, String sourceBlob, String targetContainer) {}

    /**
     * One {@code DATA_ASSETS} entry.
     *
     * @param name {@code NAME}: the data asset
     * @param path {@code PATH}: the blob in {@code TARGET_CONTAINER} (the datastore's path)
     * @param description {@code DESCRIPTION}, or null
     * @param index its position in {@code DATA_ASSETS}, for messages
     */
    public record Asset(String name, String path, String description, int index) {

        /** {@code DATA_ASSETS[0] (ner_eval)}. */
        public String label() {
            return "DATA_ASSETS[" + index + "] (" + name + ")";
        }
    }
}
