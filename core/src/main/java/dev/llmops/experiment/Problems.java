package dev.llmops.experiment;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.yaml.YLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found while loading, so that the user sees all of them at once. Files under the working
 * directory are shown relative to it, which keeps messages short and clickable in terminals and CI logs.
 */
final class Problems {

    private final List<Problem> list = new ArrayList<>();
    private final Path workingDir;

    Problems(Path workingDir) {
        this.workingDir = workingDir;
    }

    void error(YLocation at, String message, String hint) {
        add(Problem.error(at.file(), at.line(), at.column(), message, hint));
    }

    void warning(YLocation at, String message, String hint) {
        add(Problem.warning(at.file(), at.line(), at.column(), message, hint));
    }

    void add(Problem p) {
        list.add(relative(p));
    }

    Problem relative(Problem p) {
        return new Problem(p.severity(), shown(p.file()), p.line(), p.column(), p.message(), p.hint());
    }

    void addAll(List<Problem> problems) {
        problems.forEach(this::add);
    }

    /** The path as the user should see it: relative to the working directory when inside it. */
    Path shown(Path file) {
        return Problem.error(file, 0, 0, "", null).relativeTo(workingDir).file();
    }

    boolean hasErrors() {
        return list.stream().anyMatch(Problem::isError);
    }

    List<Problem> all() {
        return List.copyOf(list);
    }

    List<Problem> warnings() {
        return list.stream().filter(p -> !p.isError()).toList();
    }

    /** Errors first (in the order found), then warnings, so the exit message leads with what blocks. */
    ConfigException toException() {
        List<Problem> ordered =
                new ArrayList<>(list.stream().filter(Problem::isError).toList());
        ordered.addAll(warnings());
        return new ConfigException(ordered);
    }
}
