package dev.llmops.experiment;

import dev.llmops.dataops.AssetRef;
import dev.llmops.yaml.YLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A dataset of an experiment: a standard dataset the flow runs on, or an evaluation dataset of an evaluator.
 *
 * @param name unique id among the standard datasets (evaluation datasets are unique within their evaluator)
 * @param source a path relative to the use case (see {@link #localPath}), or an Azure ML data asset:
 *     {@code azureml:<name>:<version>}, {@code azureml:<name>} or {@code azureml:<name>@latest}
 * @param description free text, or null
 * @param reference for a new evaluation dataset, the name of the standard dataset whose runs it evaluates
 *     (line by line); null for standard datasets and for evaluator datasets that reuse a standard one
 * @param mappings flow input to its parsed mapping (a column, the evaluated run's output or input, or a constant);
 *     never null
 * @param location where the dataset entry was written
 * @param asset the data asset the source names, parsed by the loader; null for a local file (and for a malformed
 *     {@code azureml:} source, which the loader reports)
 */
public record Dataset(
        String name,
        String source,
        String description,
        String reference,
        Map<String, Mapping> mappings,
        YLocation location,
        AssetRef asset) {

    public static final String REMOTE_PREFIX = AssetRef.PREFIX;

    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        mappings = Collections.unmodifiableMap(new LinkedHashMap<>(mappings == null ? Map.of() : mappings));
    }

    /** A local dataset, or one whose {@code azureml:} source the caller has parsed already or knows to be valid. */
    public Dataset(
            String name,
            String source,
            String description,
            String reference,
            Map<String, Mapping> mappings,
            YLocation location) {
        this(
                name,
                source,
                description,
                reference,
                mappings,
                location,
                AssetRef.parse(source).orElse(null));
    }

    /** True for {@code azureml:} sources, which name a data asset in an Azure ML workspace. */
    public boolean isRemote() {
        return source.startsWith(REMOTE_PREFIX);
    }

    /** True for an evaluation dataset that declares its own source and a reference to a standard dataset. */
    public boolean isEvaluation() {
        return reference != null;
    }

    /**
     * The file of a local dataset, by the template's rule: {@code <useCaseDir>/<source>} when it exists, else
     * {@code <useCaseDir>/data/<source>}.
     *
     * @throws IllegalStateException for a remote dataset
     */
    public Path localPath(Path useCaseDir) {
        if (isRemote()) {
            throw new IllegalStateException("dataset '" + name + "' is remote (" + source + ")");
        }
        Path direct = useCaseDir.resolve(source).normalize();
        return Files.exists(direct)
                ? direct
                : useCaseDir.resolve("data").resolve(source).normalize();
    }

    /** The standard dataset whose runs this dataset applies to: its reference, or its own name. */
    public String standardDatasetName() {
        return reference != null ? reference : name;
    }
}
