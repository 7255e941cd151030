package dev.llmops.flow.tool;

import dev.llmops.llm.ConnectionConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One call of a python or java tool.
 *
 * @param nodeName the flow node, for error messages
 * @param flowDir the flow folder: the tool's working directory and import root
 * @param source for python and java code tools the file path relative to {@code flowDir}; for java class tools
 *     the fully qualified class name
 * @param sourceType whether {@code source} is a file or a class name
 * @param inputs resolved input values by parameter name (JSON-like: Map, List, String, Number, Boolean, null);
 *     for aggregation nodes line-level references arrive as lists
 * @param connections inputs whose value named a connection, resolved to that connection's configuration
 * @param environment environment variables for the tool (flow {@code environment_variables}, env.yaml)
 * @param aggregation true for an aggregation node (called once per run)
 */
public record ToolInvocation(
        String nodeName,
        Path flowDir,
        String source,
        SourceType sourceType,
        Map<String, Object> inputs,
        Map<String, ConnectionConfig> connections,
        Map<String, String> environment,
        boolean aggregation) {

    public enum SourceType {
        CODE,
        CLASS
    }

    public ToolInvocation {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(flowDir, "flowDir");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceType, "sourceType");
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        connections = Map.copyOf(connections);
        environment = Map.copyOf(environment);
    }
}
