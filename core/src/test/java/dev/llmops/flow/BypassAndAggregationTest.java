package dev.llmops.flow;

import static dev.llmops.flow.testing.FlowFixtures.flow;
import static dev.llmops.flow.testing.FlowFixtures.noFactory;
import static dev.llmops.flow.testing.FlowFixtures.noTools;
import static dev.llmops.flow.testing.FlowFixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;
import static org.assertj.core.groups.Tuple.tuple;

import dev.llmops.flow.testing.FakeConnections;
import dev.llmops.flow.testing.LambdaToolRunner;
import dev.llmops.flow.tool.ToolException;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chat_eval fixture: activate conditions, bypass propagation and an aggregation node. */
class BypassAndAggregationTest {

    private final LambdaToolRunner python = new LambdaToolRunner(BypassAndAggregationTest::tools);
    private final FlowExecutor executor = new FlowExecutor(
            new FlowLoader().load(flow("chat_eval")),
            VariantSelection.defaults(),
            runtime(new FakeConnections(), noFactory(), python, noTools(), Map.of()));

    private static ToolResult tools(ToolInvocation inv) {
        Map<String, Object> in = inv.inputs();
        return switch (inv.nodeName()) {
            case "validate_input" ->
                ToolResult.of(Map.of(
                        "relevance",
                        !((String) in.get("answer")).isEmpty() && (Boolean) in.get("check_relevance"),
                        "groundedness",
                        !((String) in.get("documents")).isEmpty()));
            case "score_relevance", "score_groundedness" -> {
                if (in.get("answer").equals("boom")) {
                    throw new ToolException(
                            "ValueError: cannot score 'boom'", "Traceback ...\nValueError: cannot score 'boom'");
                }
                yield ToolResult.of(((String) in.get("answer")).length() * 1.0);
            }
            case "explain_groundedness" -> ToolResult.of("explained " + in.get("score"));
            case "concat_scores" -> {
                Map<String, Object> out = new HashMap<>();
                out.put("relevance", in.get("relevance"));
                out.put("groundedness", in.get("groundedness"));
                out.put("given", new ArrayList<>(in.keySet()));
                yield ToolResult.of(out);
            }
            case "aggregate_variants_results" -> {
                List<?> results = (List<?>) in.get("results");
                double sum = results.stream()
                        .mapToDouble(r -> ((Number) ((Map<?, ?>) r).get("relevance")).doubleValue())
                        .sum();
                Map<String, Object> metrics = new LinkedHashMap<>();
                metrics.put("gpt_relevance", sum / results.size());
                metrics.put("lines", results.size());
                yield new ToolResult("done", metrics);
            }
            default -> throw new AssertionError(inv.nodeName());
        };
    }

    @Test
    void should_bypass_a_node_whose_condition_is_false_and_its_only_dependents() {
        // when
        LineResult result = executor.executeLine(0, Map.of("answer", "Paris", "documents", ""));

        // then
        assertThat(result).asInstanceOf(type(LineResult.Success.class)).satisfies(s -> {
            assertThat(s.traces())
                    .extracting(NodeTrace::node, NodeTrace::status)
                    .containsExactly(
                            tuple("validate_input", NodeTrace.Status.COMPLETED),
                            tuple("score_relevance", NodeTrace.Status.COMPLETED),
                            tuple("score_groundedness", NodeTrace.Status.BYPASSED),
                            tuple("explain_groundedness", NodeTrace.Status.BYPASSED),
                            tuple("concat_scores", NodeTrace.Status.COMPLETED));
            assertThat(s.outputs()).containsEntry("relevance", 5.0).containsEntry("groundedness", null);
            // A node that still runs gets no value for inputs from bypassed nodes: the tool's default applies.
            assertThat(((Map<?, ?>) s.outputs().get("concat")).get("given")).isEqualTo(List.of("relevance"));
        });
    }

    @Test
    void should_bypass_a_node_whose_node_dependencies_are_all_bypassed() {
        // when
        LineResult result =
                executor.executeLine(0, Map.of("answer", "Paris", "documents", "", "check_relevance", "false"));

        // then
        assertThat(result).asInstanceOf(type(LineResult.Success.class)).satisfies(s -> {
            assertThat(s.traces())
                    .filteredOn(t -> t.node().equals("concat_scores"))
                    .singleElement()
                    .extracting(NodeTrace::status)
                    .isEqualTo(NodeTrace.Status.BYPASSED);
            assertThat(s.outputs()).containsEntry("concat", null).containsEntry("relevance", null);
        });
    }

    @Test
    void should_run_activated_nodes_when_the_condition_holds() {
        // when
        LineResult result = executor.executeLine(0, Map.of("answer", "Paris", "documents", "Paris is in France."));

        // then
        assertThat(result).asInstanceOf(type(LineResult.Success.class)).satisfies(s -> assertThat(s.traces())
                .allSatisfy(t -> assertThat(t.status()).isEqualTo(NodeTrace.Status.COMPLETED)));
        assertThat(python.invocations()).extracting(ToolInvocation::nodeName).contains("explain_groundedness");
    }

    @Test
    void should_aggregate_the_succeeded_lines_in_line_order_and_collect_metrics() {
        // given: lines finish in any order; line 1 fails
        List<LineResult> lines = new ArrayList<>();
        lines.add(executor.executeLine(2, Map.of("answer", "abcd")));
        lines.add(executor.executeLine(1, Map.of("answer", "boom")));
        lines.add(executor.executeLine(0, Map.of("answer", "ab")));

        // when
        AggregationResult result = executor.aggregate(lines);

        // then
        assertThat(lines.get(1)).asInstanceOf(type(LineResult.Failure.class)).satisfies(f -> {
            assertThat(f.failedNode()).isEqualTo("score_relevance");
            assertThat(f.detail()).contains("Traceback");
        });
        assertThat(result.succeeded()).isTrue();
        assertThat(result.metrics()).containsExactly(Map.entry("gpt_relevance", 3.0), Map.entry("lines", 2));
        assertThat(result.outputs()).containsExactly(Map.entry("aggregate_variants_results", "done"));
        ToolInvocation aggregation = python.invocations().stream()
                .filter(ToolInvocation::aggregation)
                .findFirst()
                .orElseThrow();
        assertThat(aggregation.inputs().get("answers")).isEqualTo(List.of("ab", "abcd"));
        assertThat((List<?>) aggregation.inputs().get("results")).hasSize(2);
    }

    @Test
    void should_not_aggregate_when_no_line_succeeded() {
        // given
        List<LineResult> lines = List.of(executor.executeLine(0, Map.of("answer", "boom")));

        // when
        AggregationResult result = executor.aggregate(lines);

        // then
        assertThat(result).isEqualTo(AggregationResult.empty());
        assertThat(python.invocations()).noneMatch(ToolInvocation::aggregation);
    }
}
