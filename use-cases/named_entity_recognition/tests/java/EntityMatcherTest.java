import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EntityMatcherTest {

    private final EntityMatcher matcher = new EntityMatcher();

    static Stream<Arguments> cases() {
        return Stream.of(
                // extracted, expected, exact, partial
                Arguments.of(List.of("Marie Dubois", "Luc"), List.of("Marie Dubois", "Luc"), 1, 1),
                Arguments.of(List.of("Alex", "Sam"), List.of("Sam", "Alex"), 1, 1),
                Arguments.of(List.of("geneva"), List.of("Geneva."), 1, 1),
                Arguments.of(List.of("Rivermouth  University"), List.of("Rivermouth University"), 1, 1),
                Arguments.of(List.of(), List.of(), 1, 1),
                Arguments.of(List.of("Dr. Amara Nwosu"), List.of("Amara Nwosu"), 0, 1),
                Arguments.of(List.of("Li Wei"), List.of("Li Wei", "Li Wen"), 0, 1),
                Arguments.of(List.of("Rotterdam", "Monday"), List.of("Rotterdam"), 0, 1),
                Arguments.of(List.of("Lumo X2", "Lumo Dock"), List.of("Lumo X2 headphones", "Lumo Dock charger"), 0, 1),
                Arguments.of(List.of("7 p.m"), List.of(), 0, 0),
                Arguments.of(List.of(), List.of("+44 20 7946 0321"), 0, 0),
                Arguments.of(List.of("Paris"), List.of("Lyon"), 0, 0));
    }

    @ParameterizedTest(name = "[{index}] {0} vs {1}")
    @MethodSource("cases")
    void should_score_exact_and_partial_matches(List<String> extracted, List<String> expected, int exact, int partial) {
        // given the entities of one line

        // when
        Map<String, Object> result = matcher.match(extracted, expected);

        // then
        assertThat(result)
                .containsEntry("exact_match", exact)
                .containsEntry("partial_match", partial)
                .containsEntry("answer", extracted)
                .containsEntry("ground_truth", expected);
    }

    @Test
    void should_refuse_a_missing_list_instead_of_scoring_it_as_no_entity() {
        // given the standard run produced nothing for this line
        List<String> extracted = null;

        // when / then
        assertThatThrownBy(() -> matcher.match(extracted, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input 'entities' is missing");
        assertThatThrownBy(() -> matcher.match(List.of("Lyon"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input 'expected' is missing");
    }
}
