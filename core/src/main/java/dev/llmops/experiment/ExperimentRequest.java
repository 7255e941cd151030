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
 */
public record ExperimentRequest(Path useCaseDir, String envName, String fileName, boolean resolveSecrets) {

    public ExperimentRequest {
        Objects.requireNonNull(useCaseDir, "useCaseDir");
        if (fileName == null || fileName.isBlank()) {
            fileName = ExperimentFiles.DEFAULT_FILE;
        }
    }

    /** The same request with every secret required, as commands that call models need them. */
    public ExperimentRequest withResolvedSecrets() {
        return resolveSecrets ? this : new ExperimentRequest(useCaseDir, envName, fileName, true);
    }

    public static ExperimentRequest of(Path useCaseDir, String envName) {
        return new ExperimentRequest(useCaseDir, envName, null, true);
    }
}
