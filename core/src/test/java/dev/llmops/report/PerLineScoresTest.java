package dev.llmops.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.eval.stats.Bootstrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PerLineScoresTest {

    @Test
    void should_read_numbers_booleans_verdict_words_and_one_level_of_objects() {
        // when
        Map<String, Double> scores = LineScores.of(Map.of(
                "grade",
                "Incorrect",
                "ok",
                true,
                "score",
                -1,
                "explanation",
                "the answer is correct",
                "match_cnt",
                Map.of("exact_match", 1, "answer", "Paris")));

        // then: free text is not a score, even when it contains a verdict word
        assertThat(scores)
                .containsOnly(
                        Map.entry("grade", 0.0),
                        Map.entry("ok", 1.0),
                        Map.entry("score", -1.0),
                        Map.entry("match_cnt.exact_match", 1.0));
    }

    @ParameterizedTest
    @CsvSource({
        "accuracy, accuracy, true",
        "match_cnt.exact_match, exact_match_rate, true",
        "outcome.error, error_rate, true",
        "relevance, mean_relevance, true",
        "grade, accuracy, false",
        "exact, exact_match_rate, false",
        "score, accuracy, false"
    })
    void should_link_a_per_line_score_to_a_metric_only_by_name(String score, String metric, boolean linked) {
        assertThat(PerLineSeries.explains(score, metric)).isEqualTo(linked);
    }

    @Test
    void should_give_an_interval_only_when_a_named_series_reproduces_the_rounded_metric() {
        // given: 5 of 6 lines correct, logged as round(5/6, 4), and a same-sized unrelated 0/1 score
        List<LineRow> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.add(new LineRow(
                    i,
                    Map.of(),
                    Map.of(),
                    null,
                    Map.of("accuracy", i < 5 ? 1.0 : 0.0, "other", i < 3 ? 1.0 : 0.0),
                    LineStatus.PASSED,
                    null));
        }

        // when
        List<Metric> metrics = Metric.summarize(
                Map.of("accuracy", 0.8333, "other_rate", 0.4, "unrelated", 0.5), lines, new Bootstrap(500, 7, 0.95));

        // then
        Metric accuracy = metrics.stream()
                .filter(m -> m.name().equals("accuracy"))
                .findFirst()
                .orElseThrow();
        assertThat(accuracy.interval()).isPresent();
        assertThat(accuracy.interval().get().low()).isLessThanOrEqualTo(0.8333);
        assertThat(metrics.stream().filter(m -> !m.name().equals("accuracy")))
                .allMatch(m -> m.interval().isEmpty(), "0.4 is not the mean of 'other'; 'unrelated' names no series");
    }
}
