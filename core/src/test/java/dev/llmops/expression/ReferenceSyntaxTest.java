package dev.llmops.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceSyntaxTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ${data.question}          | data,question
            "${ data.question }"      | data,question
            "  ${run.outputs.a.b}  "  | run,outputs,a,b
            ${target.output}          | target,output
            ${data.my column}         | data,my column
            """)
    void should_split_a_reference_into_its_names(String raw, String names) {
        // when
        ReferenceSyntax.Parsed parsed = ReferenceSyntax.parse(raw);

        // then
        assertThat(parsed).isEqualTo(new ReferenceSyntax.Parsed.Reference(Arrays.asList(names.split(","))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            plain text
            "$data.question"
            "{data.question}"
            """)
    void should_leave_text_without_a_reference_as_text(String raw) {
        assertThat(ReferenceSyntax.parse(raw)).isEqualTo(new ReferenceSyntax.Parsed.Plain(raw));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ${data.question            | is not closed                  | 0  | write ${data.question}
            "  ${data.question"        | is not closed                  | 2  | write ${data.question}
            Q: ${data.question}        | has text before '${'           | 3  | make the whole value one reference, e.g. ${data.question}
            ${data.question}?          | has text after the reference   | 16 | make the whole value one reference: ${data.question}
            ${data.q}${data.r}         | has text after the reference   | 9  | make the whole value one reference: ${data.q}
            ${}                        | is an empty reference          | 0  | write e.g. ${data.question}
            "${  }"                    | is an empty reference          | 0  | write e.g. ${data.question}
            ${data.}                   | has an empty name between dots | 0  | write e.g. ${data.question}
            ${data. question}          | has a space next to a '.'      | 0  | write ${data.question}
            ${data.{q}}                | has '{' inside a reference     | 7  | write one reference, e.g. ${data.question}
            """)
    void should_reject_what_would_reach_the_model_as_literal_text(String raw, String message, int offset, String hint) {
        // when
        ReferenceSyntaxException e =
                catchThrowableOfType(ReferenceSyntaxException.class, () -> ReferenceSyntax.parse(raw));

        // then
        assertThat(e.getMessage()).contains(message);
        assertThat(e.offset()).isEqualTo(offset);
        assertThat(e.hint()).isEqualTo(hint);
    }
}
