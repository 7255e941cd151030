import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParseClassificationTest {

    private final ParseClassification parser = new ParseClassification();

    static Stream<Arguments> parsableAnswers() {
        return Stream.of(
                Arguments.of("{\"category\": \"Recipe\", \"evidence\": \"serves four\"}", "Recipe", "serves four"),
                Arguments.of(
                        "```json\n{\"category\": \"News\", \"evidence\": \"news article\"}\n```",
                        "News",
                        "news article"),
                Arguments.of(
                        "Here you go: {\"category\": \" App \", \"evidence\": \"iOS\"} Hope it helps.", "App", "iOS"),
                Arguments.of(
                        "{\"evidence\": \"a \\\"quoted\\\" word, and a comma\", \"category\": \"Movie\"}",
                        "Movie",
                        "a \"quoted\" word, and a comma"),
                Arguments.of("{\"category\": \"Product\"}", "Product", "None"),
                Arguments.of("{\"category\": \"Product\", \"evidence\": null}", "Product", "None"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("parsableAnswers")
    void should_read_category_and_evidence_from_the_first_json_object(String answer, String category, String evidence) {
        // given the classifier's answer

        // when
        Map<String, String> result = parser.convert(answer);

        // then
        assertThat(result).containsExactly(Map.entry("category", category), Map.entry("evidence", evidence));
    }

    static Stream<String> unusableAnswers() {
        return Stream.of(
                "This is an academic paper abstract about stochastic gradient descent.",
                "{\"category\": \"News\", \"evidence\": ",
                "{\"evidence\": \"no category given\"}",
                "{\"category\": \"\"}",
                "{\"category\": [\"News\", \"App\"]}",
                "} reversed braces {",
                "");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unusableAnswers")
    void should_fall_back_to_none_when_the_answer_has_no_usable_category(String answer) {
        // given an answer without a readable category

        // when
        Map<String, String> result = parser.convert(answer);

        // then
        assertThat(result).containsExactly(Map.entry("category", "None"), Map.entry("evidence", "None"));
    }

    @Test
    void should_fall_back_to_none_when_the_answer_is_missing() {
        // given no answer at all
        String answer = null;

        // when
        Map<String, String> result = parser.convert(answer);

        // then
        assertThat(result).containsEntry("category", "None").containsEntry("evidence", "None");
    }
}
