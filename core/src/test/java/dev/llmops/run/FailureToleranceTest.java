package dev.llmops.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureToleranceTest {

    @ParameterizedTest
    @CsvSource({
        "'', 0, 100, true",
        "'', 1, 100, false",
        "0, 1, 100, false",
        "5, 5, 100, true",
        "5, 6, 100, false",
        "5%, 5, 100, true",
        "5%, 6, 100, false",
        "0.5%, 1, 200, true",
        "100%, 10, 10, true"
    })
    void should_allow_failed_lines_up_to_the_count_or_share(String text, long failed, long total, boolean allowed) {
        assertThat(FailureTolerance.parse(text).allows(failed, total)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"-1", "abc", "101%", "5 %x"})
    void should_reject_malformed_tolerances(String text) {
        assertThatThrownBy(() -> FailureTolerance.parse(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--max-failed-lines");
    }
}
