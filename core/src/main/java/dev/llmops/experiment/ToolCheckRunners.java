package dev.llmops.experiment;

import dev.llmops.SystemEnv;
import dev.llmops.flow.java.JavaToolRunner;
import dev.llmops.flow.python.PythonToolOptions;
import dev.llmops.flow.python.PythonToolRunner;
import dev.llmops.flow.tool.ToolRunner;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Makes the tool runners {@code validate} loads python and java tools with. Each is made only when a flow has
 * such a node, and closed when validation ends.
 *
 * @param python makes a python runner for the user's environment
 * @param java makes a java runner
 */
public record ToolCheckRunners(Function<SystemEnv, ToolRunner> python, Supplier<ToolRunner> java) {

    /** Real python workers ({@code python3} or {@code LLMOPS_PYTHON}) and the in-process java compiler. */
    public static ToolCheckRunners defaults() {
        return new ToolCheckRunners(
                env -> new PythonToolRunner(PythonToolOptions.defaults(env).withPoolSize(1)), JavaToolRunner::new);
    }
}
