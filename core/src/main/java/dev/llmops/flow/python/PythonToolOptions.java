package dev.llmops.flow.python;

import dev.llmops.SystemEnv;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How python tool workers are started.
 *
 * @param executable the python interpreter; empty means {@code python3} (then {@code python}) found on the
 *     {@code PATH} of {@code environment}
 * @param poolSize the most worker processes alive at once; workers start lazily, so a flow that never runs a
 *     python node starts none
 * @param callTimeout the longest one tool call may take before its worker is killed; empty means no limit
 * @param environment the environment the workers start with (the user's, not the JVM's: tests pass their own)
 */
public record PythonToolOptions(
        Optional<String> executable, int poolSize, Optional<Duration> callTimeout, Map<String, String> environment) {

    /** Environment variable naming the interpreter, e.g. {@code /opt/venv/bin/python}. */
    public static final String PYTHON_VARIABLE = "LLMOPS_PYTHON";

    public PythonToolOptions {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(callTimeout, "callTimeout");
        environment = Map.copyOf(environment);
        if (poolSize < 1) {
            throw new IllegalArgumentException("python worker pool size must be at least 1, was " + poolSize);
        }
        callTimeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("python tool call timeout must be positive, was " + t);
            }
        });
    }

    /**
     * Defaults for this machine: interpreter from {@value #PYTHON_VARIABLE} or the {@code PATH}, a pool of
     * min(4, cores) workers, no call timeout.
     */
    public static PythonToolOptions defaults(SystemEnv env) {
        int pool = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        return new PythonToolOptions(
                env.get(PYTHON_VARIABLE).filter(s -> !s.isBlank()), pool, Optional.empty(), env.variables());
    }

    /**
     * Defaults for a use case: {@value #PYTHON_VARIABLE} when set, else the interpreter of a {@code .venv} in the
     * use-case folder or a folder above it up to the repository root (the first holding {@code .git}), else the
     * {@code PATH}'s {@code python3}.
     */
    public static PythonToolOptions forUseCase(SystemEnv env, java.nio.file.Path useCaseDir) {
        PythonToolOptions defaults = defaults(env);
        if (defaults.executable().isPresent() || useCaseDir == null) {
            return defaults;
        }
        return PythonExecutable.venv(useCaseDir.toAbsolutePath().normalize())
                .map(defaults::withExecutable)
                .orElse(defaults);
    }

    public PythonToolOptions withPoolSize(int size) {
        return new PythonToolOptions(executable, size, callTimeout, environment);
    }

    public PythonToolOptions withCallTimeout(Duration timeout) {
        return new PythonToolOptions(executable, poolSize, Optional.of(timeout), environment);
    }

    public PythonToolOptions withExecutable(String python) {
        return new PythonToolOptions(Optional.of(python), poolSize, callTimeout, environment);
    }
}
