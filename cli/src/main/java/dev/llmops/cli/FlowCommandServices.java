package dev.llmops.cli;

import dev.llmops.error.ConfigException;
import dev.llmops.flow.tool.ToolException;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.llm.ChatClientFactory;
import dev.llmops.llm.ConnectionConfig;
import java.util.List;
import java.util.function.Function;

/**
 * What {@code flow} commands need beyond the flow engine: model clients, tool runners and the experiment's
 * connections. Integration wires the real implementations in {@link Commands}; {@link #unavailable()} states
 * plainly which part is missing instead of pretending.
 *
 * @param clientFactory makes a chat client for a connection
 * @param pythonTools a python tool runner for one command run (closed after it)
 * @param javaTools a java tool runner for one command run (closed after it)
 * @param experimentConnections the connections of the experiment named by {@code -u/-e/-f}
 */
public record FlowCommandServices(
        Function<CliContext, ChatClientFactory> clientFactory,
        Function<CliContext, ToolRunner> pythonTools,
        Function<CliContext, ToolRunner> javaTools,
        ExperimentConnections experimentConnections) {

    /** Loads the {@code connections} block of an experiment, placeholders resolved and secrets registered. */
    @FunctionalInterface
    public interface ExperimentConnections {
        /** @return the connections, or an empty list when {@code options} names no experiment */
        List<ConnectionConfig> load(UseCaseOptions options, CliContext context);
    }

    /** Services for a build without model clients, tool runners or experiment loading. */
    public static FlowCommandServices unavailable() {
        return new FlowCommandServices(
                context -> config -> {
                    throw ConfigException.of(
                            "this llmops build has no model client for connection '" + config.name() + "' ("
                                    + config.type() + ")",
                            "use a build that includes the LLM clients");
                },
                context -> new MissingRunner("python"),
                context -> new MissingRunner("java"),
                (options, context) -> List.of());
    }

    private record MissingRunner(String language) implements ToolRunner {
        @Override
        public ToolResult invoke(ToolInvocation invocation) {
            throw new ToolException(
                    "this llmops build has no " + language + " tool runner for node '" + invocation.nodeName() + "'",
                    null);
        }

        @Override
        public void close() {}
    }
}
