package dev.llmops.report;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes one kind of report output from a {@link ReportModel}. Writers never call a model and never read run
 * storage: re-rendering a report from stored runs gives the same files.
 *
 * <p>Implementations write each file atomically (a reader never sees half a file) and throw
 * {@link dev.llmops.error.StateException} when the report directory cannot be written.
 */
public interface ReportWriter {

    /**
     * Writes this writer's outputs.
     *
     * @param model the complete model, baseline deltas and gate results included
     * @param reportDir the report directory; it exists
     * @return the files written or appended to
     */
    List<Path> write(ReportModel model, Path reportDir);
}
