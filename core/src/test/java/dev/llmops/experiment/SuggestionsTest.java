package dev.llmops.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {

    private static final List<String> KEYS = List.of("name", "flow", "datasets", "evaluators", "runtime", "mappings");

    @ParameterizedTest
    @CsvSource(nullValues = "-", textBlock = """
            mapings,     mappings
            evaluator,   evaluators
            runtmie,     runtime
            Datasets,    datasets
            nmae,        name
            connections, -
            x,           -
            """)
    void should_suggest_the_closest_known_word_within_a_small_distance(String word, String expected) {
        assertThat(Suggestions.closest(word, KEYS).orElse(null)).isEqualTo(expected);
    }
}
