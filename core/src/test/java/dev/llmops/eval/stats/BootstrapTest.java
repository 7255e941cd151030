package dev.llmops.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BootstrapTest {

    private static double[] pattern(int repeats, double... unit) {
        double[] values = new double[repeats * unit.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = unit[i % unit.length];
        }
        return values;
    }

    @Test
    void should_contain_the_mean_within_the_interval() {
        // given: 30 % ones
        double[] values = pattern(10, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0);

        // when
        ConfidenceInterval ci = Bootstrap.defaults().meanInterval(values);

        // then
        assertThat(ci.mean()).isCloseTo(0.3, within(1e-12));
        assertThat(ci.contains(0.3)).isTrue();
        assertThat(ci.low()).isLessThan(0.3).isGreaterThan(0.1);
        assertThat(ci.high()).isGreaterThan(0.3).isLessThan(0.5);
        assertThat(ci.n()).isEqualTo(100);
        assertThat(ci.level()).isEqualTo(0.95);
    }

    @Test
    void should_narrow_with_more_lines() {
        // given: the same proportion over 20 and over 2000 lines
        double[] few = pattern(2, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0);
        double[] many = pattern(200, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0);

        // when
        double narrow = Bootstrap.defaults().meanInterval(many).width();
        double wide = Bootstrap.defaults().meanInterval(few).width();

        // then: the standard error shrinks with √n, 10x fewer width for 100x the lines
        assertThat(narrow).isLessThan(wide / 5);
    }

    @Test
    void should_be_deterministic_for_a_seed() {
        // given
        double[] values = {0.2, 0.9, 0.4, 0.7, 0.1, 0.5, 0.8};

        // when
        ConfidenceInterval first = new Bootstrap(500, 7, 0.95).meanInterval(values);
        ConfidenceInterval second = new Bootstrap(500, 7, 0.95).meanInterval(values);
        ConfidenceInterval otherSeed = new Bootstrap(500, 8, 0.95).meanInterval(values);

        // then
        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void should_ignore_nan_and_collapse_for_single_or_no_values() {
        // when
        ConfidenceInterval withNaN = Bootstrap.defaults().meanInterval(new double[] {1, Double.NaN, 3});
        ConfidenceInterval single = Bootstrap.defaults().meanInterval(new double[] {Double.NaN, 4});
        ConfidenceInterval none = Bootstrap.defaults().meanInterval(new double[] {Double.NaN});

        // then
        assertThat(withNaN.mean()).isEqualTo(2.0);
        assertThat(withNaN.n()).isEqualTo(2);
        assertThat(withNaN.low()).isGreaterThanOrEqualTo(1.0);
        assertThat(withNaN.high()).isLessThanOrEqualTo(3.0);
        assertThat(single).isEqualTo(new ConfidenceInterval(4, 4, 4, 1, 0.95));
        assertThat(none.mean()).isNaN();
        assertThat(none.low()).isNaN();
        assertThat(none.n()).isZero();
    }

    @Test
    void should_reject_invalid_settings() {
        assertThatThrownBy(() -> new Bootstrap(0, 1, 0.95)).hasMessageContaining("resamples");
        assertThatThrownBy(() -> new Bootstrap(10, 1, 1.0)).hasMessageContaining("confidence level");
    }

    @ParameterizedTest(name = "[{index}] q={0} -> {1}")
    @CsvSource({"0.0, 1.0", "0.5, 2.5", "0.95, 3.85", "1.0, 4.0"})
    void should_interpolate_percentiles_linearly(double q, double expected) {
        // given: position = q·(n−1); p95 = 3 + 0.85·(4 − 3)
        double[] values = {4, Double.NaN, 1, 3, 2};

        // then
        assertThat(Descriptive.percentile(values, q)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void should_compute_mean_and_sample_stddev() {
        // given: mean 5, squared deviations sum to 32, sample variance 32/7
        double[] values = {2, 4, 4, 4, 5, 5, 7, 9};

        // then
        assertThat(Descriptive.mean(values)).isEqualTo(5.0);
        assertThat(Descriptive.stddev(values)).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(Descriptive.stddev(new double[] {1})).isNaN();
        assertThat(Descriptive.p50(new double[0])).isNaN();
    }

    @Test
    void should_pair_differences_by_position_and_drop_nan_pairs() {
        // given: b is a shifted by exactly 0.25 wherever both are known
        double[] a = {0.5, 0.75, Double.NaN, 1.0, 0.25};
        double[] b = {0.25, 0.5, 0.5, 0.75, Double.NaN};

        // when
        ConfidenceInterval ci = Bootstrap.defaults().pairedDifferenceInterval(a, b);

        // then: every paired difference is 0.25, so the interval collapses onto it
        assertThat(ci.n()).isEqualTo(3);
        assertThat(ci.mean()).isCloseTo(0.25, within(1e-12));
        assertThat(ci.low()).isCloseTo(0.25, within(1e-12));
        assertThat(ci.high()).isCloseTo(0.25, within(1e-12));
        assertThatThrownBy(() -> Bootstrap.defaults().pairedDifferenceInterval(new double[1], new double[2]))
                .hasMessageContaining("must align");
    }
}
