package dev.llmops.experiment;

import dev.llmops.error.Problem;
import java.util.List;

/**
 * Everything the loader found, even when there are errors, so that {@code validate} can go on to check files.
 *
 * @param experiment the experiment built from the valid parts, or null when the file could not be read at all
 */
record Inspection(
        Experiment experiment, Problems problems, List<Problem> dangling, MappingLocations mappingLocations) {}
