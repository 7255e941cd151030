package dev.llmops.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.expression.ReferenceSyntaxException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MappingTest {

    static Stream<Arguments> mappings() {
        return Stream.of(
                Arguments.of("${data.question}", new Mapping.Column("question", "${data.question}")),
                Arguments.of("${ data.q }", new Mapping.Column("q", "${ data.q }")),
                Arguments.of("${data.a.b}", new Mapping.Column("a.b", "${data.a.b}")),
                Arguments.of(
                        "${run.outputs.answer}", new Mapping.RunOutput("answer", List.of(), "${run.outputs.answer}")),
                Arguments.of(
                        "${run.outputs.answer.text}",
                        new Mapping.RunOutput("answer", List.of("text"), "${run.outputs.answer.text}")),
                Arguments.of("${run.inputs.url}", new Mapping.RunInput("url", List.of(), "${run.inputs.url}")),
                Arguments.of("${target.output}", new Mapping.RunOutput("output", List.of(), "${target.output}")),
                Arguments.of("a constant", new Mapping.Constant("a constant")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void should_parse_each_kind_of_mapping(String text, Mapping expected) {
        assertThat(Mapping.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ${date.question}     | unknown expression ${date.question} | did you mean ${data.question}?
            ${data}              | unknown expression ${data}          | name the column: ${data.<column>}
            ${run.output.answer} | unknown expression                  | did you mean ${run.outputs.answer}?
            ${run.outputs}       | unknown expression                  | did you mean ${run.outputs.<name>}?
            ${question}          | unknown expression ${question}      | use ${data.<column>}, ${run.outputs.<output>} or ${run.inputs.<input>}
            ${data.question      | is not closed                       | write ${data.question}
            """)
    void should_reject_unknown_and_malformed_references(String text, String message, String hint) {
        assertThatThrownBy(() -> Mapping.parse(text))
                .isInstanceOf(ReferenceSyntaxException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((ReferenceSyntaxException) e).hint())
                .isEqualTo(hint);
    }
}
