package dev.llmops.experiment;

import dev.llmops.SystemEnv;
import dev.llmops.flow.ToolRunners;
import dev.llmops.flow.java.JavaToolRunner;
import dev.llmops.flow.python.PythonToolOptions;
import dev.llmops.flow.python.PythonToolRunner;
import dev.llmops.flow.tool.ToolRunner;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Makes the tool runners {@code validate} loads python and java tools with. Each is made only when a flow has
 * such a node, and closed when validation ends.
 *
 * @param python makes a python runner for the user's environment and the use-case folder (whose {@code .venv}
 *     gives the interpreter, as for runs)
 * @param java makes a java runner
 */
public record ToolCheckRunners(BiFunction<SystemEnv, Path, ToolRunner> python, Supplier<ToolRunner> java) {

    /**
     * One python worker ({@code LLMOPS_PYTHON}, the use case's {@code .venv}, or {@code python3}) and the
     * in-process java compiler, for a command that only validates.
     */
    public static ToolCheckRunners defaults() {
        return new ToolCheckRunners(
                (env, useCaseDir) -> new PythonToolRunner(
                        PythonToolOptions.forUseCase(env, useCaseDir).withPoolSize(1)),
                JavaToolRunner::new);
    }

    /** The command's shared runners, which stay up after validation for the runs that follow it. */
    public static ToolCheckRunners shared(ToolRunners tools) {
        return new ToolCheckRunners((env, useCaseDir) -> tools.python(useCaseDir), tools::java);
    }
}
