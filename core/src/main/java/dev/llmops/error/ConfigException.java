package dev.llmops.error;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The user's configuration or input files are wrong: an experiment, a flow, a data file, a missing secret.
 *
 * <p>Carries every problem found, not only the first. Retrying does not help; the input must be fixed. The
 * CLI maps it to exit code 2.
 */
public class ConfigException extends RuntimeException {

    private final transient List<Problem> problems;
    private final String summary;

    public ConfigException(List<Problem> problems) {
        this(problems, null);
    }

    /**
     * @param summary one line said after the problems, e.g. what was (not) done because of them; null for none
     */
    public ConfigException(List<Problem> problems, String summary) {
        super(problems.stream().map(Problem::format).collect(Collectors.joining(System.lineSeparator()))
                + (summary == null ? "" : System.lineSeparator() + summary));
        this.problems = List.copyOf(problems);
        this.summary = summary;
    }

    public ConfigException(Problem problem) {
        this(List.of(problem));
    }

    public static ConfigException at(Path file, int line, int column, String message, String hint) {
        return new ConfigException(Problem.error(file, line, column, message, hint));
    }

    public static ConfigException of(String message, String hint) {
        return new ConfigException(Problem.error(null, 0, 0, message, hint));
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The line to show after the problems instead of a count of them, when the thrower gave one. */
    public Optional<String> summary() {
        return Optional.ofNullable(summary);
    }
}
