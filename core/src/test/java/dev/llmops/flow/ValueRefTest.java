package dev.llmops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ValueRefTest {

    static Stream<Arguments> references() {
        return Stream.of(
                Arguments.of("${inputs.url}", new ValueRef.InputRef("url", List.of())),
                Arguments.of("${flow.url}", new ValueRef.InputRef("url", List.of())),
                Arguments.of("${fetch.output}", new ValueRef.NodeRef("fetch", List.of())),
                Arguments.of("${fetch}", new ValueRef.NodeRef("fetch", List.of())),
                Arguments.of("${qna.output.answer}", new ValueRef.NodeRef("qna", List.of("answer"))),
                Arguments.of("${qna.output.a.b}", new ValueRef.NodeRef("qna", List.of("a", "b"))),
                Arguments.of("${ inputs.url }", new ValueRef.InputRef("url", List.of())),
                Arguments.of("aoai", new ValueRef.Literal("aoai")),
                Arguments.of(0L, new ValueRef.Literal(0L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void should_parse_references_like_prompt_flow(Object raw, ValueRef expected) {
        assertThat(ValueRef.parse(raw)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ${inputs.url               | is not closed
            text ${inputs.url}         | has text before '${'
            ${inputs.url} and more     | has text after the reference
            ${inputs..url}             | has an empty name between dots
            """)
    void should_reject_a_broken_reference_instead_of_passing_it_as_text(String raw, String message) {
        assertThatThrownBy(() -> ValueRef.parse(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void should_reject_a_section_other_than_output() {
        assertThatThrownBy(() -> ValueRef.parse("${fetch.outputs.x}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("write ${fetch.output} or ${fetch.output.<field>}");
    }

    @Test
    void should_select_nested_fields_and_list_items() {
        // given
        Object value = Map.of("a", List.of(Map.of("b", "deep")));

        // when / then
        assertThat(ValueRef.select(value, List.of("a", "0", "b"), "output of n"))
                .isEqualTo("deep");
        assertThatThrownBy(() -> ValueRef.select(value, List.of("z"), "output of n"))
                .hasMessageContaining("output of n has no field 'z' (fields: [a])");
    }
}
