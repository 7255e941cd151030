package dev.llmops.experiment;

import dev.llmops.error.Problem;
import java.util.List;

/**
 * A valid experiment and the warnings found while checking it.
 *
 * @param experiment the resolved experiment
 * @param warnings non-blocking problems, in the order found
 */
public record ValidationResult(Experiment experiment, List<Problem> warnings) {

    public ValidationResult {
        warnings = List.copyOf(warnings);
    }
}
