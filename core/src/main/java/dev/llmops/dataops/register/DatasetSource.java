package dev.llmops.dataops.register;

import dev.llmops.yaml.YLocation;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One dataset of an experiment as {@code llmops data register} sees it.
 *
 * @param name the dataset's name, which names its data asset
 * @param description the dataset's description, or null
 * @param source the source as written ({@code data/x.jsonl}, or {@code azureml:...}, which is not registered again)
 * @param file the local file it reads (by the template's rule), or empty for an {@code azureml:} source
 * @param location where the dataset is declared, for errors
 */
public record DatasetSource(String name, String description, String source, Optional<Path> file, YLocation location) {

    public DatasetSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(file, "file");
    }
}
