import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CleansingTest {

    private final Cleansing cleansing = new Cleansing();

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("a, b, c", List.of("a", "b", "c")),
                Arguments.of("a, b, (425)137-98-25, ", List.of("a", "b", "(425)137-98-25")),
                Arguments.of("a, b, F. Scott Fitzgerald.,  d", List.of("a", "b", "F. Scott Fitzgerald", "d")),
                Arguments.of("a, b, c,  None., ", List.of("a", "b", "c", "None")),
                Arguments.of("\"Nightjar\", 'Vesta'", List.of("Nightjar", "Vesta")),
                Arguments.of("\tLyon ,\tMontreal.\n", List.of("Lyon", "Montreal")),
                Arguments.of("(415) 555-0142, 415.555.0199", List.of("(415) 555-0142", "415.555.0199")),
                Arguments.of("Brightwell, Moss & Tan LLP", List.of("Brightwell", "Moss & Tan LLP")),
                Arguments.of("Tomasz Wiśniewski", List.of("Tomasz Wiśniewski")),
                Arguments.of(",,", List.of()),
                Arguments.of("", List.of()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("answers")
    void should_split_on_commas_and_trim_edge_punctuation(String answer, List<String> expected) {
        // given the model's raw answer

        // when
        List<String> entities = cleansing.cleansing(answer);

        // then
        assertThat(entities).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("noEntityAnswers")
    void should_return_no_entity_when_the_model_answers_none(String answer) {
        // given an answer that means "nothing found"

        // when
        List<String> entities = cleansing.cleansing(answer);

        // then
        assertThat(entities).isEmpty();
    }

    static Stream<String> noEntityAnswers() {
        return Arrays.stream(new String[] {"None", "None.", " none ", "\"None\"", "NONE"});
    }

    @Test
    void should_return_an_empty_list_when_the_answer_is_missing() {
        // given a missing answer
        String answer = null;

        // when
        List<String> entities = cleansing.cleansing(answer);

        // then
        assertThat(entities).isEmpty();
    }
}
