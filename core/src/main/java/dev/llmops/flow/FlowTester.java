package dev.llmops.flow;

import dev.llmops.SystemEnv;
import dev.llmops.flow.flex.FlexSettings;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.llm.ChatClientFactory;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.ConnectionRegistry;
import dev.llmops.secret.SecretMasker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs {@code flow test}: loads the flow, builds connections from files and the experiment, runs the lines one
 * after the other (nodes within a line run concurrently) and the aggregation nodes.
 */
public final class FlowTester {

    private final ChatClientFactory clientFactory;
    private final ToolRunner pythonTools;
    private final ToolRunner javaTools;
    private final SystemEnv env;
    private final SecretMasker masker;

    public FlowTester(
            ChatClientFactory clientFactory,
            ToolRunner pythonTools,
            ToolRunner javaTools,
            SystemEnv env,
            SecretMasker masker) {
        this.clientFactory = clientFactory;
        this.pythonTools = pythonTools;
        this.javaTools = javaTools;
        this.env = env;
        this.masker = masker;
    }

    /**
     * @throws dev.llmops.error.ConfigException when the flow, a connection file or the selection is wrong; a
     *     failing line is not an exception but a {@link LineResult.Failure} in the result
     */
    public FlowTestResult test(FlowTestRequest request) {
        Flow flow = new FlowLoader().load(env.resolve(request.flow().toString()));
        Map<String, ConnectionConfig> configs = new LinkedHashMap<>();
        request.extraConnections().forEach(c -> configs.put(c.name(), c));
        ConnectionFiles files = new ConnectionFiles(env, masker);
        request.connectionFiles()
                .forEach((name, path) -> configs.put(name, files.load(name, env.resolve(path.toString()))));
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            FlowRuntime runtime = new FlowRuntime(
                    new ConnectionRegistry(List.copyOf(configs.values()), clientFactory),
                    clientFactory,
                    pythonTools,
                    javaTools,
                    env.variables(),
                    executor,
                    FlexSettings.of(request.init(), env.variables()));
            FlowExecutor flowExecutor = new FlowExecutor(flow, request.variant(), runtime);
            if (request.nodeName().isPresent()) {
                Map<String, Object> inputs = new LinkedHashMap<>(
                        request.lines().isEmpty() ? Map.of() : request.lines().getFirst());
                inputs.putAll(request.overrides());
                LineResult line = flowExecutor.executeNode(request.nodeName().get(), inputs);
                return new FlowTestResult(flow, List.of(line), AggregationResult.empty());
            }
            flowExecutor.validateConnections();
            List<Map<String, Object>> lines = new ArrayList<>(request.lines());
            if (lines.isEmpty()) {
                lines.add(defaultLine(flow));
            }
            List<LineResult> results = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                Map<String, Object> inputs = new LinkedHashMap<>(lines.get(i));
                inputs.putAll(request.overrides());
                results.add(flowExecutor.executeLine(i, inputs));
            }
            return new FlowTestResult(flow, results, flowExecutor.aggregate(results));
        }
    }

    /** A prompty's sample, as Prompt Flow uses it when no inputs are given; otherwise defaults apply. */
    private static Map<String, Object> defaultLine(Flow flow) {
        if (flow.flex().isPresent()) {
            return new LinkedHashMap<>(flow.flex().get().entry().sampleInputs());
        }
        for (Node n : flow.nodes()) {
            if (n instanceof LlmNode l
                    && l.name().equals(FlowLoader.PROMPTY_NODE)
                    && flow.nodes().size() == 1) {
                return l.prompty()
                        .map(p -> (Map<String, Object>) new LinkedHashMap<>(p.sample()))
                        .orElse(Map.of());
            }
        }
        return Map.of();
    }
}
