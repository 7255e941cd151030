package dev.llmops.experiment;

import java.nio.file.Path;

/** File naming rules shared by the loader and the records. */
final class ExperimentFiles {

    static final String DEFAULT_FILE = "experiment.yaml";

    private ExperimentFiles() {}

    /** {@code <stem>.<env><ext>} next to the file: {@code experiment.dev.yaml}, {@code experiment-postprod.pp.yaml}. */
    static Path overlayOf(Path experimentFile, String env) {
        String fileName = experimentFile.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String overlay =
                dot <= 0 ? fileName + "." + env : fileName.substring(0, dot) + "." + env + fileName.substring(dot);
        return experimentFile.resolveSibling(overlay);
    }
}
