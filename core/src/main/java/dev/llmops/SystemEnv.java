package dev.llmops;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The process environment and working directory, passed down explicitly so that tests can run commands with an
 * environment of their own instead of the JVM's.
 */
public record SystemEnv(Map<String, String> variables, Path workingDir) {

    public SystemEnv {
        variables = Map.copyOf(variables);
        workingDir = workingDir.toAbsolutePath().normalize();
    }

    public static SystemEnv current() {
        return new SystemEnv(System.getenv(), Path.of("").toAbsolutePath());
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /** Resolves a path given on the command line against the working directory. */
    public Path resolve(String path) {
        return workingDir.resolve(path).normalize();
    }
}
