package dev.llmops.flow;

import static dev.llmops.flow.testing.FlowFixtures.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.llm.LlmApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlowLoaderTest {

    @TempDir
    Path dir;

    private final FlowLoader loader = new FlowLoader();

    @Test
    void should_load_variants_nodes_and_outputs_of_a_dag_flow() {
        // when
        Flow flow = loader.load(flow("web_classification"));

        // then
        assertThat(flow.variants())
                .containsExactly(Map.entry(
                        "summarize_text_content", new NodeVariants("variant_0", List.of("variant_0", "variant_1"))));
        assertThat(flow.nodes())
                .extracting(Node::name)
                .containsExactly(
                        "convert_to_dict",
                        "classify_with_llm",
                        "prepare_examples",
                        "fetch_text_content_from_url",
                        "summarize_text_content");
        LlmNode summarize = (LlmNode) flow.node("summarize_text_content").orElseThrow();
        assertThat(summarize.inputs().get("max_tokens")).isEqualTo(new ValueRef.Literal(128L));
        assertThat(summarize.api()).isEqualTo(LlmApi.CHAT);
        assertThat(summarize.connection()).isEqualTo("aoai");
        assertThat(flow.outputs().get("evidence").reference())
                .isEqualTo(new ValueRef.NodeRef("convert_to_dict", List.of("details", "evidence")));
        assertThat(flow.inputs().get("max_examples"))
                .isEqualTo(new FlowInput("max_examples", InputType.INT, 2L, true, null, false, false));
    }

    @Test
    void should_apply_a_selected_variant_and_keep_defaults_elsewhere() {
        // given
        Flow flow = loader.load(flow("web_classification"));

        // when
        List<Node> nodes = flow.nodesFor(VariantSelection.parse("${summarize_text_content.variant_1}"));

        // then
        LlmNode summarize = (LlmNode) nodes.get(4);
        assertThat(summarize.name()).isEqualTo("summarize_text_content");
        assertThat(summarize.inputs().get("max_tokens")).isEqualTo(new ValueRef.Literal(256L));
        assertThat(summarize.source().getFileName().toString()).isEqualTo("summarize_text_content__variant_1.jinja2");
    }

    @Test
    void should_reject_a_variant_the_node_does_not_have() {
        // given
        Flow flow = loader.load(flow("web_classification"));

        // when / then
        assertThatThrownBy(() -> flow.nodesFor(VariantSelection.parse("${summarize_text_content.variant_9}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("has no variant 'variant_9'")
                .hasMessageContaining("[variant_0, variant_1]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cycle           | 4 | nodes form a cycle: a -> b -> a
            unknown node    | 4 | node 'a' input 'x' references unknown node 'nope'
            unknown input   | 4 | node 'a' input 'x' references unknown flow input 'missing'
            missing source  | 6 | node 'a': source file 'absent.py' does not exist
            bad reference   | 8 | node 'a' input 'x': malformed reference '${b.outputs}'
            unknown type    | 5 | node 'a' has unsupported type 'bash'
            """)
    void should_name_node_and_line_for_load_errors(String caseName, int line, String message) throws IOException {
        // given
        Files.writeString(dir.resolve("a.py"), "");
        Files.writeString(dir.resolve("b.py"), "");
        Files.writeString(dir.resolve("flow.dag.yaml"), brokenFlow(caseName));

        // when / then
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.problems()).anySatisfy(p -> {
                            assertThat(p.message()).contains(message);
                            assertThat(p.line()).isEqualTo(line);
                            assertThat(p.file()).isEqualTo(dir.resolve("flow.dag.yaml"));
                        }));
    }

    private static String brokenFlow(String caseName) {
        String path = caseName.equals("missing source") ? "absent.py" : "a.py";
        String type = caseName.equals("unknown type") ? "bash" : "python";
        String x =
                switch (caseName) {
                    case "cycle" -> "${b.output}";
                    case "unknown node" -> "${nope.output}";
                    case "unknown input" -> "${inputs.missing}";
                    case "bad reference" -> "${b.outputs}";
                    default -> "${inputs.q}";
                };
        String y = caseName.equals("cycle") ? "${a.output}" : "${inputs.q}";
        return """
                inputs:
                  q: {type: string}
                nodes:
                - name: a
                  type: %s
                  source: {type: code, path: %s}
                  inputs:
                    x: %s
                - name: b
                  type: python
                  source: {type: code, path: b.py}
                  inputs: {y: "%s"}
                """.formatted(type, path, x, y);
    }

    @Test
    void should_report_every_problem_not_only_the_first() throws IOException {
        // given
        Files.writeString(dir.resolve("flow.dag.yaml"), """
                nodes:
                - name: a
                  type: python
                  source: {type: code, path: a.py}
                - name: b
                  type: llm
                  source: {type: code, path: b.jinja2}
                """);

        // when / then
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems()).extracting(Problem::line).containsExactly(4, 5, 7));
    }

    @Test
    void should_load_a_flex_class_entry_with_its_init_and_call_signature() throws IOException {
        // given: no inputs declared, so the signature of __call__ gives them
        Files.writeString(
                dir.resolve("flow.flex.yaml"),
                "entry: flow:ChatFlow\ninit:\n  max_total_token: {type: int, default: 4096}\n");
        Files.writeString(dir.resolve("flow.py"), """
                class ChatFlow:
                    def __init__(self, model_config, max_total_token=4096):
                        pass

                    def __call__(self, question: str, chat_history: list = None) -> str:
                        return question

                    def __aggregate__(self, line_results):
                        return {}
                """);

        // when
        Flow flow = loader.load(dir);

        // then
        FlexNode node = flow.flex().orElseThrow();
        assertThat(node.entry().isClass()).isTrue();
        assertThat(node.entry().hasAggregate()).isTrue();
        assertThat(node.entry().init().get("max_total_token").defaultValue()).isEqualTo(4096L);
        assertThat(flow.inputs()).containsOnlyKeys("question", "chat_history");
        assertThat(flow.inputs().get("chat_history").type()).isEqualTo(InputType.LIST);
        assertThat(flow.inputs().get("chat_history").hasDefault()).isTrue();
        assertThat(flow.inputs().get("question").hasDefault()).isFalse();
    }

    @Test
    void should_refuse_a_folder_with_both_a_dag_and_a_flex_flow() throws IOException {
        // given
        Files.writeString(dir.resolve("flow.flex.yaml"), "entry: flow:chat\n");
        Files.writeString(dir.resolve("flow.dag.yaml"), "nodes: []\n");

        // when / then
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("holds both flow.dag.yaml and flow.flex.yaml");
    }

    @Test
    void should_name_the_entry_line_when_the_entry_is_malformed() throws IOException {
        // given
        Files.writeString(dir.resolve("flow.flex.yaml"), "inputs: {}\nentry: flow.chat\n");

        // when / then
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(Problem::line, Problem::message)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(
                                2, "entry 'flow.chat' is not <module>:<function or class>")));
    }

    @Test
    void should_refuse_a_folder_with_several_prompty_files() {
        assertThatThrownBy(() -> loader.load(flow("prompty_chat")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("several .prompty files [chat.prompty, json_answer.prompty]");
    }

    @Test
    void should_run_a_prompty_as_a_one_node_flow() {
        // when
        Flow flow = loader.load(flow("prompty_chat").resolve("chat.prompty"));

        // then
        assertThat(flow.name()).isEqualTo("Basic Chat");
        assertThat(flow.inputs()).containsOnlyKeys("question", "chat_history", "first_name");
        assertThat(flow.nodes()).singleElement().isInstanceOf(LlmNode.class);
        assertThat(flow.outputs().get("output").reference())
                .isEqualTo(new ValueRef.NodeRef(FlowLoader.PROMPTY_NODE, List.of()));
    }
}
