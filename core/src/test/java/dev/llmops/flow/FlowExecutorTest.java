package dev.llmops.flow;

import static dev.llmops.flow.testing.FlowFixtures.flow;
import static dev.llmops.flow.testing.FlowFixtures.noFactory;
import static dev.llmops.flow.testing.FlowFixtures.noTools;
import static dev.llmops.flow.testing.FlowFixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.ConfigException;
import dev.llmops.flow.testing.FakeConnections;
import dev.llmops.flow.testing.LambdaToolRunner;
import dev.llmops.flow.testing.ScriptedChatClient;
import dev.llmops.flow.tool.ToolException;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the web_classification fixture: variants, out-of-order nodes, nested outputs, few-shot template. */
class FlowExecutorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScriptedChatClient llm = new ScriptedChatClient(req ->
            isSummary(req) ? "An electric kettle that boils fast." : "{\"category\": \"App\", \"evidence\": \"URL\"}");

    private final LambdaToolRunner python = new LambdaToolRunner(this::webTools);

    private ToolResult webTools(ToolInvocation inv) {
        return switch (inv.source()) {
            case "fetch_text_content_from_url.py" ->
                ToolResult.of("Text of " + inv.inputs().get("url"));
            case "prepare_examples.py" ->
                ToolResult.of(List.of(
                        Map.of(
                                "url",
                                "https://ex.one",
                                "text_content",
                                "An app.",
                                "category",
                                "App",
                                "evidence",
                                "Both"),
                        Map.of(
                                "url",
                                "https://ex.two",
                                "text_content",
                                "A paper.",
                                "category",
                                "Academic",
                                "evidence",
                                "URL")));
            case "convert_to_dict.py" -> {
                try {
                    Map<?, ?> parsed = JSON.readValue((String) inv.inputs().get("input_str"), Map.class);
                    yield ToolResult.of(Map.of(
                            "category", parsed.get("category"), "details", Map.of("evidence", parsed.get("evidence"))));
                } catch (Exception e) {
                    throw new ToolException("not JSON", null);
                }
            }
            default -> throw new AssertionError(inv.source());
        };
    }

    private static boolean isSummary(ChatRequest req) {
        return req.messages().getFirst().content().startsWith("Please summarize");
    }

    private FlowExecutor executor(String variant) {
        Flow flow = new FlowLoader().load(flow("web_classification"));
        return new FlowExecutor(
                flow,
                VariantSelection.parse(variant),
                runtime(new FakeConnections().with("aoai", llm), noFactory(), python, noTools(), Map.of()));
    }

    @Test
    void should_run_a_line_in_reference_order_and_select_nested_outputs() {
        // when
        LineResult result = executor(null).executeLine(0, Map.of("url", "https://shop.example/kettle"));

        // then
        assertThat(result).asInstanceOf(type(LineResult.Success.class)).satisfies(s -> {
            assertThat(s.outputs())
                    .containsExactly(
                            Map.entry("category", "App"),
                            Map.entry("evidence", "URL"),
                            Map.entry("summary", "An electric kettle that boils fast."));
            assertThat(s.traces())
                    .extracting(NodeTrace::node)
                    .containsExactly(
                            "prepare_examples",
                            "fetch_text_content_from_url",
                            "summarize_text_content",
                            "classify_with_llm",
                            "convert_to_dict");
            assertThat(s.traces()).allSatisfy(t -> assertThat(t.status()).isEqualTo(NodeTrace.Status.COMPLETED));
            assertThat(s.tokens()).isEqualTo(new TokenUsage(20, 10));
            assertThat(s.inputs()).containsEntry("max_examples", 2L);
        });
    }

    @Test
    void should_send_rendered_few_shot_messages_with_the_node_parameters() {
        // when
        executor(null).executeLine(0, Map.of("url", "https://shop.example/kettle"));

        // then
        ChatRequest classify =
                llm.requests().stream().filter(r -> !isSummary(r)).findFirst().orElseThrow();
        assertThat(classify.deployment()).isEqualTo("gpt-35-turbo");
        assertThat(classify.parameters()).containsExactly(Map.entry("max_tokens", 128L), Map.entry("temperature", 0.2));
        assertThat(classify.messages()).extracting(ChatMessage::role).containsExactly("system", "user");
        assertThat(classify.messages().get(1).content())
                .contains(
                        "URL: https://ex.one\nText content: An app.\nOUTPUT:\n{\"category\": \"App\", \"evidence\": \"Both\"}\n\nURL: https://ex.two")
                .endsWith(
                        "URL: https://shop.example/kettle\nText content: An electric kettle that boils fast..\nOUTPUT:");
    }

    @Test
    void should_use_the_selected_variant_of_a_node() {
        // when
        executor("${summarize_text_content.variant_1}").executeLine(0, Map.of());

        // then
        ChatRequest summary = llm.requests().stream()
                .filter(FlowExecutorTest::isSummary)
                .findFirst()
                .orElseThrow();
        assertThat(summary.parameters()).containsEntry("max_tokens", 256L).containsEntry("temperature", 0.3);
        assertThat(summary.messages().getFirst().content()).startsWith("Please summarize some keywords");
    }

    @Test
    void should_run_independent_nodes_of_a_line_concurrently() {
        // given: both root nodes wait for each other; run one after the other they would time out
        CyclicBarrier barrier = new CyclicBarrier(2);
        LambdaToolRunner meeting = new LambdaToolRunner(inv -> {
            if (!inv.source().equals("convert_to_dict.py")) {
                try {
                    barrier.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new ToolException("the other root node never started: " + e, null);
                }
            }
            return webTools(inv);
        });
        Flow flow = new FlowLoader().load(flow("web_classification"));
        FlowExecutor executor = new FlowExecutor(
                flow,
                VariantSelection.defaults(),
                runtime(new FakeConnections().with("aoai", llm), noFactory(), meeting, noTools(), Map.of()));

        // when
        LineResult result = executor.executeLine(0, Map.of());

        // then
        assertThat(result).isInstanceOf(LineResult.Success.class);
    }

    @Test
    void should_run_a_chain_of_nodes_on_the_calling_thread_without_hand_offs(@TempDir Path dir) throws Exception {
        // given a -> b -> c, each recording the thread it runs on
        Files.writeString(dir.resolve("step.py"), "");
        Files.writeString(dir.resolve("flow.dag.yaml"), """
                inputs:
                  q: {type: string}
                outputs:
                  out: {type: string, reference: '${c.output}'}
                nodes:
                - {name: a, type: python, source: {type: code, path: step.py}, inputs: {x: '${inputs.q}'}}
                - {name: b, type: python, source: {type: code, path: step.py}, inputs: {x: '${a.output}'}}
                - {name: c, type: python, source: {type: code, path: step.py}, inputs: {x: '${b.output}'}}
                """);
        Map<String, Thread> threads = new java.util.concurrent.ConcurrentHashMap<>();
        LambdaToolRunner steps = new LambdaToolRunner(inv -> {
            threads.put(inv.nodeName(), Thread.currentThread());
            return ToolResult.of(inv.inputs().get("x") + "+" + inv.nodeName());
        });
        FlowExecutor executor = new FlowExecutor(
                new FlowLoader().load(dir),
                VariantSelection.defaults(),
                runtime(new FakeConnections(), noFactory(), steps, noTools(), Map.of()));

        // when
        LineResult result = executor.executeLine(0, Map.of("q", "q"));

        // then
        assertThat(result)
                .asInstanceOf(type(LineResult.Success.class))
                .extracting(LineResult.Success::outputs)
                .isEqualTo(Map.of("out", "q+a+b+c"));
        assertThat(threads).containsOnlyKeys("a", "b", "c");
        assertThat(threads.values()).containsOnly(Thread.currentThread());
    }

    @Test
    void should_end_the_line_as_interrupted_when_its_thread_is_interrupted_while_a_branch_runs() throws Exception {
        // given two root nodes; the one forked to another thread blocks until released
        CountDownLatch forkedStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread caller = Thread.currentThread();
        LambdaToolRunner tools = new LambdaToolRunner(inv -> {
            if (Thread.currentThread() != caller) {
                forkedStarted.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                // the caller's own node: wait until the other branch is running, then get interrupted
                try {
                    forkedStarted.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                caller.interrupt();
            }
            return webTools(inv);
        });
        FlowExecutor executor = new FlowExecutor(
                new FlowLoader().load(flow("web_classification")),
                VariantSelection.defaults(),
                runtime(new FakeConnections().with("aoai", llm), noFactory(), tools, noTools(), Map.of()));

        // when
        LineResult result;
        try {
            result = executor.executeLine(4, Map.of());
        } finally {
            release.countDown();
        }

        // then the line ends at once, says why, and the interrupt is kept for the caller
        assertThat(Thread.interrupted()).isTrue();
        assertThat(result).asInstanceOf(type(LineResult.Failure.class)).satisfies(f -> {
            assertThat(f.lineNumber()).isEqualTo(4);
            assertThat(f.message()).isEqualTo("the line was interrupted");
        });
    }

    @Test
    void should_fail_the_line_naming_the_node_and_skip_its_dependents() {
        // given
        ScriptedChatClient failing = new ScriptedChatClient(req -> {
            throw new dev.llmops.llm.LlmException(
                    "aoai: deployment gpt-35-turbo not found (404); check deployment_name", false, 404);
        });
        Flow flow = new FlowLoader().load(flow("web_classification"));
        FlowExecutor executor = new FlowExecutor(
                flow,
                VariantSelection.defaults(),
                runtime(new FakeConnections().with("aoai", failing), noFactory(), python, noTools(), Map.of()));

        // when
        LineResult result = executor.executeLine(7, Map.of());

        // then
        assertThat(result).asInstanceOf(type(LineResult.Failure.class)).satisfies(f -> {
            assertThat(f.lineNumber()).isEqualTo(7);
            assertThat(f.failedNode()).isEqualTo("summarize_text_content");
            assertThat(f.message())
                    .isEqualTo(
                            "node 'summarize_text_content' failed: aoai: deployment gpt-35-turbo not found (404); check deployment_name");
            assertThat(f.traces())
                    .extracting(NodeTrace::node, NodeTrace::status)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("prepare_examples", NodeTrace.Status.COMPLETED),
                            org.assertj.core.groups.Tuple.tuple(
                                    "fetch_text_content_from_url", NodeTrace.Status.COMPLETED),
                            org.assertj.core.groups.Tuple.tuple("summarize_text_content", NodeTrace.Status.FAILED));
        });
        assertThat(python.invocations()).extracting(ToolInvocation::source).doesNotContain("convert_to_dict.py");
    }

    @Test
    void should_fail_the_line_when_an_input_has_the_wrong_type() {
        // when
        LineResult result = executor(null).executeLine(3, Map.of("max_examples", "two"));

        // then
        assertThat(result).asInstanceOf(type(LineResult.Failure.class)).satisfies(f -> {
            assertThat(f.message())
                    .isEqualTo(
                            "input 'max_examples' is declared int but the value is 'two'; give an integer such as 3");
            assertThat(f.failedNode()).isNull();
            assertThat(f.traces()).isEmpty();
        });
        assertThat(llm.requests()).isEmpty();
    }

    @Test
    void should_coerce_string_inputs_to_the_declared_type() {
        // when
        executor(null).executeLine(0, Map.of("max_examples", "1"));

        // then
        assertThat(python.invocations())
                .filteredOn(i -> i.source().equals("prepare_examples.py"))
                .singleElement()
                .satisfies(i -> assertThat(i.inputs()).containsExactly(Map.entry("count", 1L)));
    }

    @Test
    void should_run_a_single_node_with_given_inputs() {
        // when
        LineResult result = executor(null)
                .executeNode("convert_to_dict", Map.of("input_str", "{\"category\": \"PDF\", \"evidence\": \"Both\"}"));

        // then
        assertThat(result).asInstanceOf(type(LineResult.Success.class)).satisfies(s -> assertThat(s.outputs())
                .containsExactly(Map.entry(
                        "convert_to_dict", Map.of("category", "PDF", "details", Map.of("evidence", "Both")))));
    }

    @Test
    void should_ask_for_the_upstream_value_when_a_single_node_lacks_it() {
        // when
        LineResult result = executor(null).executeNode("convert_to_dict", Map.of());

        // then
        assertThat(result)
                .asInstanceOf(type(LineResult.Failure.class))
                .extracting(LineResult.Failure::message)
                .isEqualTo(
                        "node input 'input_str' comes from ${classify_with_llm.output}; give --inputs input_str=VALUE (or classify_with_llm.output=VALUE)");
    }

    @Test
    void should_name_missing_connections_before_running() {
        // given
        Flow flow = new FlowLoader().load(flow("web_classification"));
        FlowExecutor executor = new FlowExecutor(
                flow,
                VariantSelection.defaults(),
                runtime(new FakeConnections(), noFactory(), python, noTools(), Map.of()));

        // when / then
        assertThatThrownBy(executor::validateConnections)
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems()).hasSize(2).first().satisfies(p -> assertThat(p.message())
                                .isEqualTo("node 'classify_with_llm' uses connection 'aoai', which is not defined")));
    }

    @Test
    void should_keep_lines_apart_when_one_executor_runs_many_lines_at_once() throws Exception {
        // given
        ScriptedChatClient echo = new ScriptedChatClient(req -> isSummary(req)
                ? req.messages().get(1).content()
                : "{\"category\": \""
                        + req.messages()
                                .get(1)
                                .content()
                                .lines()
                                .filter(l -> l.startsWith("URL: https://line"))
                                .findFirst()
                                .orElse("?")
                        + "\", \"evidence\": \"x\"}");
        Flow flow = new FlowLoader().load(flow("web_classification"));
        FlowExecutor executor = new FlowExecutor(
                flow,
                VariantSelection.defaults(),
                runtime(new FakeConnections().with("aoai", echo), noFactory(), python, noTools(), Map.of()));

        // when
        List<LineResult> results;
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<LineResult>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                futures.add(pool.submit(() -> executor.executeLine(n, Map.of("url", "https://line" + n + ".example"))));
            }
            results = new java.util.ArrayList<>();
            for (var f : futures) {
                results.add(f.get());
            }
        }

        // then
        for (int i = 0; i < 40; i++) {
            LineResult r = results.get(i);
            assertThat(r).asInstanceOf(type(LineResult.Success.class)).satisfies(s -> {
                assertThat((String) s.outputs().get("category"))
                        .isEqualTo("URL: https://line" + s.lineNumber() + ".example");
                assertThat((String) s.outputs().get("summary"))
                        .contains("Text of https://line" + s.lineNumber() + ".example");
            });
        }
    }
}
