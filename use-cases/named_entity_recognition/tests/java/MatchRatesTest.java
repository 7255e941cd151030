import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatchRatesTest {

    private final MatchRates rates = new MatchRates();

    @Test
    void should_report_the_share_of_exact_and_partial_matches() {
        // given 4 lines: 2 exact, 3 partial
        List<Map<String, Object>> matches = List.of(
                Map.of("exact_match", 1, "partial_match", 1),
                Map.of("exact_match", 1, "partial_match", 1),
                Map.of("exact_match", 0, "partial_match", 1),
                Map.of("exact_match", 0, "partial_match", 0));

        // when
        Map<String, Object> metrics = rates.aggregate(matches);

        // then
        assertThat(metrics).containsExactly(Map.entry("exact_match_rate", 0.5), Map.entry("partial_match_rate", 0.75));
    }

    @Test
    void should_leave_lines_without_a_result_out_of_the_denominator() {
        // given one failed line among three
        List<Map<String, Object>> matches = new ArrayList<>();
        matches.add(Map.of("exact_match", 1, "partial_match", 1));
        matches.add(null);
        matches.add(Map.of("exact_match", 0, "partial_match", 1));

        // when
        Map<String, Object> metrics = rates.aggregate(matches);

        // then
        assertThat(metrics).containsEntry("exact_match_rate", 0.5).containsEntry("partial_match_rate", 1.0);
    }

    @Test
    void should_report_no_metric_when_no_line_was_evaluated() {
        // given no evaluated line
        List<Map<String, Object>> matches = List.of();

        // when
        Map<String, Object> metrics = rates.aggregate(matches);

        // then
        assertThat(metrics).isEmpty();
    }
}
