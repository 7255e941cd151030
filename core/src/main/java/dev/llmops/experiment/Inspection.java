package dev.llmops.experiment;

import dev.llmops.error.Problem;
import dev.llmops.yaml.YLocation;
import java.util.List;
import java.util.Map;

/**
 * Everything the loader found, even when there are errors, so that {@code validate} can go on to check files.
 *
 * @param experiment the experiment built from the valid parts, or null when the file could not be read at all
 */
record Inspection(
        Experiment experiment,
        Problems problems,
        List<Problem> dangling,
        MappingLocations mappingLocations,
        YLocation flowLocation,
        Map<String, YLocation> evaluatorFlowLocations) {

    Inspection(Problems problems, MappingLocations mappingLocations) {
        this(null, problems, List.of(), mappingLocations, null, Map.of());
    }

    /** Where the flow of an evaluator (or, for null, of the experiment) was written. */
    YLocation flowLocationOf(String evaluator, java.nio.file.Path fallback) {
        YLocation at = evaluator == null ? flowLocation : evaluatorFlowLocations.get(evaluator);
        return at != null ? at : YLocation.unknown(fallback);
    }
}
