package dev.llmops.flow;

import dev.llmops.flow.flex.FlexSettings;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.llm.ChatClientFactory;
import dev.llmops.llm.Connections;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What a flow needs from outside to run. Built once per run (or per {@code flow test}) and shared by all lines.
 *
 * @param connections the named connections llm nodes and prompty files refer to
 * @param clientFactory makes clients for a prompty's own {@code model.configuration}
 * @param pythonTools runs python nodes
 * @param javaTools runs java nodes
 * @param environment environment variables seen by tools and by {@code ${env:NAME}} in prompty files; the flow's
 *     own {@code environment_variables} are laid over them
 * @param executor runs independent nodes of a line concurrently (a virtual-thread-per-task executor is right)
 * @param flex init parameters and variables for flex entries
 * @param nodes hears each node start and finish (tracing); {@link NodeObserver#NONE} for nobody
 */
public record FlowRuntime(
        Connections connections,
        ChatClientFactory clientFactory,
        ToolRunner pythonTools,
        ToolRunner javaTools,
        Map<String, String> environment,
        Executor executor,
        FlexSettings flex,
        NodeObserver nodes) {

    /** A runtime whose nodes nobody observes. */
    public FlowRuntime(
            Connections connections,
            ChatClientFactory clientFactory,
            ToolRunner pythonTools,
            ToolRunner javaTools,
            Map<String, String> environment,
            Executor executor,
            FlexSettings flex) {
        this(connections, clientFactory, pythonTools, javaTools, environment, executor, flex, NodeObserver.NONE);
    }

    /** A runtime whose flex entries get only their flow's own init sources. */
    public FlowRuntime(
            Connections connections,
            ChatClientFactory clientFactory,
            ToolRunner pythonTools,
            ToolRunner javaTools,
            Map<String, String> environment,
            Executor executor) {
        this(connections, clientFactory, pythonTools, javaTools, environment, executor, FlexSettings.none());
    }

    public FlowRuntime {
        Objects.requireNonNull(flex, "flex");
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(clientFactory, "clientFactory");
        Objects.requireNonNull(pythonTools, "pythonTools");
        Objects.requireNonNull(javaTools, "javaTools");
        Objects.requireNonNull(executor, "executor");
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }
}
