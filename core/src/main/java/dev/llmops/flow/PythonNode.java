package dev.llmops.flow;

import dev.llmops.yaml.YLocation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Calls the {@code @tool} function of a python file through the python {@link dev.llmops.flow.tool.ToolRunner}.
 *
 * @param source the {@code .py} path relative to the flow folder
 */
public record PythonNode(
        String name,
        Map<String, ValueRef> inputs,
        Optional<Activate> activate,
        boolean aggregation,
        YLocation location,
        String source)
        implements Node {

    public PythonNode {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }
}
