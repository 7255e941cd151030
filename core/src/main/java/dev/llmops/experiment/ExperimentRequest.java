package dev.llmops.experiment;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to load.
 *
 * @param useCaseDir the use-case folder (relative paths are resolved against the working directory)
 * @param envName overlay name; null falls back to {@code ENV_NAME} (empty means none)
 * @param fileName experiment file name inside the use case; null means {@code experiment.yaml}
 * @param resolveSecrets true: a placeholder whose variable is not set is an error (for run, eval, validate);
 *     false: it is a warning and the value keeps the {@code ${...}} text (for show)
 * @param connections {@code --connection} files and {@code --set connections...} values, applied after the overlay
 */
public record ExperimentRequest(
        Path useCaseDir, String envName, String fileName, boolean resolveSecrets, ConnectionOverrides connections) {

    public ExperimentRequest {
        Objects.requireNonNull(useCaseDir, "useCaseDir");
        if (fileName == null || fileName.isBlank()) {
            fileName = ExperimentFiles.DEFAULT_FILE;
        }
        if (connections == null) {
            connections = ConnectionOverrides.none();
        }
    }

    /** A request without command-line connection settings. */
    public ExperimentRequest(Path useCaseDir, String envName, String fileName, boolean resolveSecrets) {
        this(useCaseDir, envName, fileName, resolveSecrets, ConnectionOverrides.none());
    }

    /** The same request with secrets required (validate, run) or not (show, report). */
    public ExperimentRequest withResolveSecrets(boolean required) {
        return new ExperimentRequest(useCaseDir, envName, fileName, required, connections);
    }

    public static ExperimentRequest of(Path useCaseDir, String envName) {
        return new ExperimentRequest(useCaseDir, envName, null, true);
    }
}
