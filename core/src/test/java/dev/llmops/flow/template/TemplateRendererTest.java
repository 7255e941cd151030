package dev.llmops.flow.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviour the golden test cannot cover: errors, caching, and the known differences from jinja2. */
class TemplateRendererTest {

    private final TemplateRenderer renderer = new TemplateRenderer();

    @Test
    void should_report_the_line_of_a_syntax_error() {
        assertThatThrownBy(() -> renderer.compile("broken", "line one\n{% for x in xs %}\n{{ x }}\n"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("template broken line ");
    }

    @Test
    void should_refuse_an_unknown_filter_that_would_render_as_nothing() {
        assertThatThrownBy(() -> renderer.compile("t", "user:\n{{ q }}\n{% if q | shout %}x{% endif %}\n"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("template t line 3: unknown filter 'shout' (jinja2 refuses it: No filter named 'shout')");
    }

    @Test
    void should_accept_known_filters_and_a_bar_inside_a_string() {
        // given
        renderer.compile("t", "{{ q | upper | tojson }} {{ 'a | b' }} {{ q | default(\"x|y\") }}");

        // when
        String out = renderer.render("t", "", Map.of("q", "hi"));

        // then
        assertThat(out).isEqualTo("\"HI\" a | b hi");
    }

    @Test
    void should_reuse_the_template_compiled_under_a_key() {
        // given
        renderer.compile("node", "first {{ a }}");

        // when
        String out = renderer.render("node", "ignored because already compiled", Map.of("a", 1));

        // then
        assertThat(out).isEqualTo("first 1");
    }

    @Test
    void should_render_concurrently_with_separate_variables() throws Exception {
        // given
        renderer.compile("t", "{% for x in xs %}{{ x }}{% endfor %}");
        List<Thread> threads = new java.util.ArrayList<>();
        Map<Integer, String> results = new java.util.concurrent.ConcurrentHashMap<>();

        // when
        for (int i = 0; i < 8; i++) {
            int n = i;
            threads.add(Thread.ofVirtual()
                    .start(() -> results.put(n, renderer.render("t", "", Map.of("xs", List.of(n, n))))));
        }
        for (Thread t : threads) {
            t.join();
        }

        // then
        for (int i = 0; i < 8; i++) {
            assertThat(results.get(i)).isEqualTo("" + i + i);
        }
    }

    @Test
    void should_differ_from_jinja2_only_as_documented_for_booleans_and_none() {
        // given: jinja2 writes "True False [None]"; docs/flows.md lists this difference
        Map<String, Object> vars = new HashMap<>();
        vars.put("t", true);
        vars.put("f", false);
        vars.put("n", null);

        // when
        String out = renderer.render("pinned", "{{ t }} {{ f }} [{{ n }}]", vars);

        // then
        assertThat(out).isEqualTo("true false []");
    }

    @org.junit.jupiter.api.Test
    void should_render_the_same_template_from_many_threads_without_mixing_variables() throws Exception {
        // given
        String template = "user:\n{% for ex in examples %}{{ ex }};{% endfor %}{{ name }}\n";
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                results.add(pool.submit(() -> renderer.render(
                        "t", template, java.util.Map.of("name", "line" + n, "examples", java.util.List.of(n, n + 1)))));
            }

            // then: every render saw only its own variables
            for (int i = 0; i < results.size(); i++) {
                org.assertj.core.api.Assertions.assertThat(results.get(i).get())
                        .isEqualTo("user:\n" + i + ";" + (i + 1) + ";line" + i + "\n");
            }
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "system:\nAnswer in one word.\nuser:\n{{ question }}\n",
                "{{question}} and {{  country  }}",
                "no newline at the end: {{ question }}",
                "crlf\r\nuser:\r\n{{ question }}\r\n\r\n",
                "  indented {{ question }}\n\n\n",
                "a lone }} and { braces } stay: {{ country }}",
                "{{ question }}{{ question }}",
                "plain text, no tag at all\n",
                "Question {{ id }} of {{ big }} (long {{ long }}): the capital of {{ country }}?",
            })
    void should_render_text_and_string_substitutions_exactly_as_jinjava_does(String template) {
        // given: values with what Jinja must leave alone
        Map<String, Object> vars = Map.of(
                "question",
                "What is {{ this }} and {% that %}?\nÜnïcödé ✓ 'quoted' \"double\" \\ back",
                "country",
                "  France\t",
                "id",
                -42,
                "long",
                9_007_199_254_740_993L,
                "big",
                new java.math.BigInteger("123456789012345678901234567890"));

        // when
        String fast = renderer.render("k", template, vars);

        // then
        assertThat(fast).isEqualTo(new TemplateRenderer().renderWithJinjava("k", template, vars));
    }

    @Test
    void should_leave_values_that_are_not_strings_and_missing_names_to_jinja() {
        // given
        String template = "{{ items }} | {{ ratio }} | {{ flag }} | {{ missing }} | {{ none }} | {{ text }}";
        Map<String, Object> vars = new HashMap<>();
        vars.put("items", List.of("a", "b"));
        vars.put("ratio", 0.00001);
        vars.put("flag", true);
        vars.put("text", "t");

        // when
        String out = renderer.render("k", template, vars);

        // then: what Jinjava renders (a list in Python's form, not Java's [a, b]; nothing for an undefined name)
        assertThat(out)
                .isEqualTo(new TemplateRenderer().renderWithJinjava("k", template, vars))
                .startsWith("['a', 'b'] | ")
                .endsWith(" | true |  |  | t");
    }

    @Test
    void should_leave_a_brace_before_a_substitution_to_jinja_which_reads_it_as_an_expression() {
        // when / then: "{{{ q }}" is the expression "{ q }" to Jinja, not a brace and a substitution
        assertThatThrownBy(() -> renderer.render("k", "{{{ q }}} in braces", Map.of("q", "x")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("Error parsing '{ q'");
    }

    @Test
    void should_render_a_compiled_template_when_a_later_call_passes_no_text() {
        // given
        renderer.compile("t", "user:\n{{ q }}\n");

        // when
        String out = renderer.render("t", "", Map.of("q", "hi"));

        // then
        assertThat(out).isEqualTo("user:\nhi\n");
    }
}
