package dev.llmops.run.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.run.RunSummary;
import dev.llmops.run.store.RunStatus;
import dev.llmops.run.variant.PlannedRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenderersTest {

    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text);

    private static RunProgress progress(int done, long elapsed, boolean finished) {
        return new RunProgress("exp_default_ds1", "default", "ds1", 200, 0, done, 0, done * 15L, elapsed, finished);
    }

    @Test
    void should_print_plain_lines_only_at_the_interval_or_percentage_and_at_the_end() {
        // given every 10 s or 25 %
        PlainProgressRenderer renderer = new PlainProgressRenderer(out, 10_000, 25);

        // when
        renderer.update(List.of(progress(10, 1000, false)));
        renderer.update(List.of(progress(20, 2000, false)));
        renderer.update(List.of(progress(30, 12_500, false)));
        renderer.update(List.of(progress(60, 13_000, false)));
        renderer.update(List.of(progress(200, 20_000, true)));
        renderer.update(List.of(progress(200, 21_000, true)));

        // then
        assertThat(text.toString().lines().toList())
                .containsExactly(
                        "[exp_default_ds1] 10/200 lines (5%), 10.0/s, 150 tokens, ETA 19s",
                        "[exp_default_ds1] 30/200 lines (15%), 2.4/s, 450 tokens, ETA 1m11s",
                        "[exp_default_ds1] 60/200 lines (30%), 4.6/s, 900 tokens, ETA 31s",
                        "[exp_default_ds1] 200/200 lines (100%), 10.0/s, 3000 tokens, done in 20s");
    }

    @Test
    void should_redraw_one_line_in_place_over_every_run_on_a_terminal() {
        // given
        TtyProgressRenderer renderer = new TtyProgressRenderer(out, () -> 120);

        // when
        renderer.update(List.of(progress(50, 5000, false), progress(100, 5000, false)));
        renderer.update(List.of(progress(60, 6000, false), progress(110, 6000, false)));

        // then each frame returns to the line's start and erases what the previous frame left; no newline
        String s = text.toString();
        assertThat(s).doesNotContain("\n");
        assertThat(s.split("\r", -1)).hasSize(3);
        assertThat(s).endsWith("\u001b[K");
        assertThat(s).contains("] 170/400 (42%), 28.3/s, ETA 9.0s, 0 failed, 0/2 runs, 2550 tokens");
    }

    @Test
    void should_show_retrying_throttled_and_cache_hits_when_there_are_any() {
        // given
        RunProgress busy = new RunProgress(
                "r", "default", "ds1", 300, 0, 90, 3, 1000, 10_000, false, new RunProgress.Calls(2, 17, 40));

        // when
        String line = TtyProgressRenderer.line(List.of(busy), 160);

        // then
        assertThat(line)
                .isEqualTo("[#########---------------------] 93/300 (31%), 9.3/s, ETA 23s, 3 failed, 2 retrying,"
                        + " 17 throttled (429), 40 cache hits, 1000 tokens");
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 40, 60, 80, 100})
    void should_fit_the_line_to_the_terminal_width(int columns) {
        // given
        RunProgress busy = new RunProgress(
                "r", "default", "ds1", 3000, 0, 900, 30, 100_000, 10_000, false, new RunProgress.Calls(2, 17, 40));

        // when
        String line = TtyProgressRenderer.line(List.of(busy), columns);

        // then never wider than the terminal less its last column, and the counts always there
        assertThat(line.length()).isLessThan(columns);
        assertThat(line).contains("930/3000 (31%)");
    }

    @Test
    void should_drop_the_least_important_parts_first_when_narrow() {
        // given
        RunProgress busy = new RunProgress(
                "r", "default", "ds1", 3000, 0, 900, 30, 100_000, 10_000, false, new RunProgress.Calls(2, 17, 40));

        // when
        String line = TtyProgressRenderer.line(List.of(busy), 60);

        // then
        assertThat(line).isEqualTo("[###--------] 930/3000 (31%), 93.0/s, ETA 23s, 30 failed");
    }

    @Test
    void should_render_the_summary_table() {
        // given
        RunSummary run = new RunSummary(
                "exp_default_ds1",
                "default",
                "ds1",
                RunStatus.CompletedWithErrors,
                200,
                198,
                2,
                3000,
                120,
                950,
                65_000,
                0.0123,
                null);

        // when
        SummaryTable.render(List.of(run), out);

        // then
        assertThat(text.toString().lines().toList())
                .containsExactly(
                        "run              status                    ok  failed  tokens    p50    p95   wall    cost",
                        "exp_default_ds1  CompletedWithErrors  198/200       2    3000  120ms  950ms  1m05s  0.0123");
    }

    @Test
    void should_render_the_plan() {
        // when
        SummaryTable.renderPlan(
                List.of(
                        new PlannedRun("ds1", Map.of(), "default"),
                        new PlannedRun("ds1", Map.of("summarize", "v1"), "summarize.v1")),
                out);

        // then
        assertThat(text.toString().lines().toList())
                .containsExactly(
                        "2 planned runs:",
                        "#  dataset  variant       overrides",
                        "1  ds1      default       (defaults)",
                        "2  ds1      summarize.v1  {summarize=v1}");
    }
}
