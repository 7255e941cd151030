package dev.llmops.flow.template;

import static dev.llmops.flow.testing.FlowFixtures.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders each fixture template with Python's jinja2 configured as Prompt Flow does and with our Jinjava
 * renderer, and requires identical text. Differences that cannot be removed are pinned in
 * {@code TemplateRendererTest} and documented in docs/flows.md.
 */
class JinjaGoldenTest {

    private static final String PYTHON = """
            import json, sys
            from jinja2 import Environment
            req = json.load(sys.stdin)
            env = Environment(trim_blocks=True, keep_trailing_newline=True)
            sys.stdout.write(env.from_string(req["template"]).render(**req["vars"]))
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean jinja2Available;

    @BeforeAll
    static void checkPython() throws Exception {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import jinja2").start();
            jinja2Available = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            jinja2Available = false;
        }
    }

    static Stream<Arguments> templates() throws IOException {
        Map<String, Object> examples = Map.of(
                "url",
                "https://example.com/kettle",
                "text_content",
                "A kettle.",
                "examples",
                List.of(
                        Map.of(
                                "url",
                                "https://a.example",
                                "text_content",
                                "An app.",
                                "category",
                                "App",
                                "evidence",
                                "Both"),
                        Map.of(
                                "url",
                                "https://b.example",
                                "text_content",
                                "A paper.",
                                "category",
                                "Academic",
                                "evidence",
                                "URL")));
        Map<String, Object> history = Map.of(
                "question",
                "And the warranty?",
                "history",
                List.of(
                        Map.of("inputs", Map.of("question", "Price?"), "outputs", Map.of("answer", "20 EUR")),
                        Map.of("inputs", Map.of("question", "Colour?"), "outputs", Map.of("answer", "Red"))));
        Map<String, Object> chat = Map.of(
                "first_name",
                "Ada",
                "question",
                "Why?",
                "chat_history",
                List.of(Map.of("role", "user", "content", "Hi"), Map.of("role", "assistant", "content", "Hello")));
        String prompty = Files.readString(flow("prompty_chat").resolve("chat.prompty"));
        String promptyBody = prompty.substring(prompty.indexOf("---", 3) + 4);
        return Stream.of(
                Arguments.of("classify_with_llm", read("web_classification", "classify_with_llm.jinja2"), examples),
                Arguments.of(
                        "summarize", read("web_classification", "summarize_text_content.jinja2"), Map.of("text", "T")),
                Arguments.of(
                        "ner_prompt short",
                        read("ner_java", "ner_prompt.jinja2"),
                        Map.of("entity_type", "job title", "text", "CTO")),
                Arguments.of(
                        "ner_prompt long",
                        read("ner_java", "ner_prompt.jinja2"),
                        Map.of("entity_type", "job title", "text", "x".repeat(50))),
                Arguments.of(
                        "ner_llm",
                        read("ner_java", "ner_llm.jinja2"),
                        Map.of("entity_type", "person", "text", "Ada met Alan.")),
                Arguments.of("multi-turn history", read("injection", "answer.jinja2"), history),
                Arguments.of("prompty chat history", promptyBody, chat),
                Arguments.of("undefined renders empty", "user:\n[{{ missing }}]\n", Map.of()),
                Arguments.of(
                        "loop index and filters",
                        "{% for x in xs %}{{ loop.index }}={{ x | upper }}{% if not loop.last %}, {% endif %}{% endfor %}\n",
                        Map.of("xs", List.of("a", "b"))),
                Arguments.of("whitespace control", "a\n  {%- if t %}  yes  {% endif -%}\nb\n", Map.of("t", true)),
                Arguments.of("no trailing newline", "{{ a }}", Map.of("a", "x")),
                Arguments.of("two trailing newlines", "{{ a }}\n\n", Map.of("a", "x")),
                Arguments.of(
                        "set and join",
                        "{% set names = xs | join(', ') %}{{ names }}\n",
                        Map.of("xs", List.of("p", "q"))),
                Arguments.of(
                        "dict items",
                        "{% for k, v in d.items() %}{{ k }}:{{ v }};{% endfor %}\n",
                        Map.of("d", Map.of("a", 1))),
                Arguments.of("string list", "{{ xs }}\n", Map.of("xs", List.of("a", "b"))),
                Arguments.of("integers", "{{ n }} {{ n + 1 }} {{ n * 2 }}\n", Map.of("n", 3)),
                Arguments.of(
                        "tojson",
                        "{{ d | tojson }}\n",
                        Map.of("d", Map.of("z", List.of(1, 2.5, 1.0e20, true), "a", "<b> & 'c' \u00e9\n"))),
                Arguments.of(
                        "tojson indent",
                        "{{ d | tojson(2) }}\n",
                        Map.of("d", Map.of("b", List.of(1, Map.of()), "a", List.of()))),
                Arguments.of(
                        "length and default",
                        "{{ xs | length }} {{ missing | default('none') }}\n",
                        Map.of("xs", List.of(1, 2, 3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void should_render_like_python_jinja2(String name, String template, Map<String, Object> vars) throws Exception {
        assumeThat(jinja2Available)
                .as("python3 with jinja2 is needed for the golden test")
                .isTrue();
        // given
        Map<String, Object> plainVars = JSON.readValue(JSON.writeValueAsString(vars), new TypeReference<>() {});

        // when
        String expected = python(template, plainVars);
        String actual = new TemplateRenderer().render(name, template, plainVars);

        // then
        assertThat(actual).isEqualTo(expected);
    }

    private static String read(String flowName, String file) throws IOException {
        return Files.readString(flow(flowName).resolve(file), StandardCharsets.UTF_8);
    }

    private static String python(String template, Map<String, Object> vars) throws Exception {
        Process p = new ProcessBuilder("python3", "-c", PYTHON).start();
        try (var in = p.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(Map.of("template", template, "vars", vars)));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("python jinja2 failed: %s", err).isZero();
        return out;
    }
}
