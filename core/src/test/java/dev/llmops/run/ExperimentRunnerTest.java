package dev.llmops.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import dev.llmops.error.RunFailedException;
import dev.llmops.experiment.Mapping;
import dev.llmops.run.store.LineRecord;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStatus;
import dev.llmops.run.store.RunStore;
import dev.llmops.run.variant.PlannedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExperimentRunnerTest {

    @TempDir
    Path dir;

    private static List<Integer> lineNumbers(RunStore store, String run) {
        return StreamSupport.stream(store.lines(run).spliterator(), false)
                .map(LineRecord::lineNumber)
                .toList();
    }

    @Test
    void should_run_every_line_of_every_run_and_store_outputs_in_line_order() throws Exception {
        // given two datasets and two variants
        RunnerFixture f = new RunnerFixture(dir);
        RecordingExecutor executor = RecordingExecutor.echo();
        List<PlannedRun> plan = List.of(
                RunnerFixture.defaults("ds1"),
                new PlannedRun("ds1", Map.of("answer", "v1"), "answer.v1"),
                RunnerFixture.defaults("ds2"));
        RunRequest request = f.request(
                plan,
                List.of(f.input("ds1", 50), f.input("ds2", 30)),
                executor,
                RunOptions.builder().maxConcurrency(8).buildId("build-42").build());

        // when
        ExperimentResult result = f.runner().run(request);

        // then
        assertThat(result.runs()).extracting(RunSummary::status).containsOnly(RunStatus.Completed);
        assertThat(result.runs()).extracting(RunSummary::completed).containsExactly(50, 50, 30);
        assertThat(executor.calls.get()).isEqualTo(130);
        RunSummary variant = result.runs().get(1);
        assertThat(variant.name()).matches("exp_answer\\.v1_ds1_\\d{8}_\\d{6}_[0-9a-f]{5}");
        assertThat(lineNumbers(f.store, variant.name())).containsExactlyElementsOf(range(50));
        RunRecord record = f.store.load(variant.name());
        assertThat(record.tags()).containsEntry("build_id", "build-42");
        assertThat(record.variantOverrides()).containsEntry("answer", "v1");
        assertThat(record.tokens().total()).isEqualTo(50 * 15);
        LineRecord first = f.store.lines(variant.name()).iterator().next();
        assertThat(first.outputs()).containsEntry("answer", "echo question 0");
        assertThat(Files.readAllLines(f.store.dir(variant.name()).resolve(RunStore.INPUTS))
                        .get(0))
                .isEqualTo("{\"line_number\":0,\"inputs\":{\"question\":\"question 0\",\"style\":\"short\"}}");
    }

    @Test
    void should_never_exceed_the_global_concurrency_limit_across_runs() {
        // given three runs of 40 lines that each hold their slot a while
        RunnerFixture f = new RunnerFixture(dir);
        RecordingExecutor executor = new RecordingExecutor(n -> false, n -> false, 20, false);
        List<PlannedRun> plan = List.of(
                RunnerFixture.defaults("ds1"),
                new PlannedRun("ds1", Map.of("n", "b"), "n.b"),
                new PlannedRun("ds1", Map.of("n", "c"), "n.c"));
        RunRequest request = f.request(
                plan,
                List.of(f.input("ds1", 40)),
                executor,
                RunOptions.builder().maxConcurrency(5).build());

        // when
        f.runner().run(request);

        // then the limit was reached but never exceeded
        assertThat(executor.peak.get()).isEqualTo(5);
        assertThat(executor.calls.get()).isEqualTo(120);
    }

    @Test
    void should_record_failed_lines_and_continue() throws Exception {
        // given every 10th line fails
        RunnerFixture f = new RunnerFixture(dir);
        RecordingExecutor executor = new RecordingExecutor(n -> n % 10 == 3, n -> false, 0, false);
        RunRequest request = f.request(
                List.of(RunnerFixture.defaults("ds1")),
                List.of(f.input("ds1", 40)),
                executor,
                RunOptions.builder().build());

        // when
        ExperimentResult result = f.runner().run(request);

        // then
        RunSummary run = result.runs().get(0);
        assertThat(run.status()).isEqualTo(RunStatus.CompletedWithErrors);
        assertThat(run.completed()).isEqualTo(36);
        assertThat(run.failed()).isEqualTo(4);
        List<String> errors = Files.readAllLines(f.store.dir(run.name()).resolve(RunStore.ERRORS));
        assertThat(errors).hasSize(4);
        assertThat(errors.get(0)).contains("\"line_number\":3", "\"node\":\"answer\"", "boom 3");
        assertThatThrownBy(() -> result.enforce(FailureTolerance.NONE))
                .isInstanceOf(RunFailedException.class)
                .hasMessageContaining("4 of 40 lines failed");
    }

    @ParameterizedTest
    @CsvSource({"3, false", "4, true", "10%, true", "9%, false"})
    void should_pass_when_failed_lines_are_within_max_failed_lines(String tolerance, boolean passes) {
        // given a run with 4 failed lines of 40
        RunnerFixture f = new RunnerFixture(dir);
        RecordingExecutor executor = new RecordingExecutor(n -> n % 10 == 3, n -> false, 0, false);
        ExperimentResult result = f.runner()
                .run(f.request(
                        List.of(RunnerFixture.defaults("ds1")),
                        List.of(f.input("ds1", 40)),
                        executor,
                        RunOptions.builder().build()));

        // when / then
        if (passes) {
            result.enforce(FailureTolerance.parse(tolerance));
        } else {
            assertThatThrownBy(() -> result.enforce(FailureTolerance.parse(tolerance)))
                    .isInstanceOf(RunFailedException.class);
        }
    }

    @Test
    void should_mark_a_run_failed_when_every_line_fails() {
        // given
        RunnerFixture f = new RunnerFixture(dir);
        RecordingExecutor executor = new RecordingExecutor(n -> true, n -> false, 0, false);

        // when
        ExperimentResult result = f.runner()
                .run(f.request(
                        List.of(RunnerFixture.defaults("ds1")),
                        List.of(f.input("ds1", 5)),
                        executor,
                        RunOptions.builder().build()));

        // then even 100% tolerance does not pass a failed run
        assertThat(result.runs().get(0).status()).isEqualTo(RunStatus.Failed);
        assertThatThrownBy(() -> result.enforce(FailureTolerance.parse("100%"))).isInstanceOf(RunFailedException.class);
    }

    @Test
    void should_record_a_timed_out_line_as_failed() {
        // given line 2 never returns
        RunnerFixture f = new RunnerFixture(dir);
        RecordingExecutor executor = new RecordingExecutor(n -> false, n -> n == 2, 0, false);
        RunOptions options =
                RunOptions.builder().lineTimeout(Duration.ofMillis(300)).build();

        // when
        ExperimentResult result = runOne(f, 6, executor, options);

        // then
        RunSummary run = result.runs().get(0);
        assertThat(run.completed()).isEqualTo(5);
        assertThat(run.failed()).isEqualTo(1);
        assertThat(stored(f, run, 2).error().message()).startsWith("line timed out after 0s");
    }

    @Test
    void should_end_the_run_at_the_timeout_even_when_the_line_ignores_its_interrupt() throws Exception {
        // given line 1 is deaf to interrupts until released
        RunnerFixture f = new RunnerFixture(dir);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean lineRunning = new AtomicBoolean();
        LineExecutor flow = (line, inputs) -> {
            if (line == 1) {
                lineRunning.set(true);
                boolean released = false;
                while (!released) {
                    try {
                        released = release.await(10, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException ignored) {
                        // deaf: keeps going
                    }
                }
                lineRunning.set(false);
                return new LineOutcome.Success(Map.of("a", "late"), dev.llmops.llm.TokenUsage.ZERO, 1);
            }
            return new LineOutcome.Success(Map.of("a", line), dev.llmops.llm.TokenUsage.ZERO, 1);
        };
        RunOptions options =
                RunOptions.builder().lineTimeout(Duration.ofMillis(300)).build();

        // when
        ExperimentResult result = runOne(f, 3, flow, options);

        // then the run is over while the line still runs; its late answer is never recorded
        assertThat(lineRunning).isTrue();
        release.countDown();
        for (int i = 0; i < 500 && lineRunning.get(); i++) {
            Thread.sleep(10);
        }
        assertThat(lineRunning).isFalse();
        RunSummary run = result.runs().get(0);
        assertThat(run.status()).isEqualTo(RunStatus.CompletedWithErrors);
        List<LineRecord> records = StreamSupport.stream(
                        f.store.lines(run.name()).spliterator(), false)
                .toList();
        assertThat(records).extracting(LineRecord::lineNumber).containsExactly(0, 1, 2);
        assertThat(records.get(1).error().message()).startsWith("line timed out after 0s");
        assertThat(f.store.stats(run.name()).failed()).isEqualTo(1);
    }

    @Test
    void should_report_missing_columns_before_any_call() throws Exception {
        // given ds2 maps a column it does not have
        RunnerFixture f = new RunnerFixture(dir);
        RecordingExecutor executor = RecordingExecutor.echo();
        DatasetInput bad =
                DatasetInput.of("ds2", f.dataset("ds2", 3), Mapping.parseAll(Map.of("question", "${data.query}")));
        RunRequest request = f.request(
                List.of(RunnerFixture.defaults("ds1"), RunnerFixture.defaults("ds2")),
                List.of(f.input("ds1", 3), bad),
                executor,
                RunOptions.builder().build());

        // when / then
        assertThatThrownBy(() -> f.runner().run(request))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ds2.jsonl:1")
                .hasMessageContaining(
                        "dataset 'ds2' (line_number 0): column 'query' not found (mapping question: ${data.query})")
                .hasMessageContaining("columns are: ");
        assertThat(executor.calls.get()).isZero();
        assertThat(f.store.list()).isEmpty();
    }

    @Test
    void should_write_metrics_from_aggregation_over_the_stored_lines() {
        // given a flow with an aggregation node
        RunnerFixture f = new RunnerFixture(dir);
        RecordingExecutor executor = new RecordingExecutor(n -> n == 0, n -> false, 0, true);

        // when
        ExperimentResult result = f.runner()
                .run(f.request(
                        List.of(RunnerFixture.defaults("ds1")),
                        List.of(f.input("ds1", 20)),
                        executor,
                        RunOptions.builder().maxConcurrency(7).build()));

        // then aggregation saw each line once, in order
        String run = result.runs().get(0).name();
        assertThat(f.store.metrics(run)).containsEntry("count", 20).containsEntry("accuracy", 0.95);
        assertThat(f.store.load(run).metrics()).containsEntry("count", 20);
    }

    @Test
    void should_fail_the_run_naming_the_line_when_the_dataset_breaks_midway() throws Exception {
        // given a dataset whose 4th line is not JSON
        RunnerFixture f = new RunnerFixture(dir);
        Path file = f.dataset("ds1", 6);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(3, "{not json");
        Files.write(file, lines);
        ExperimentRunner runner = f.runner();
        RunRequest request = f.request(
                List.of(RunnerFixture.defaults("ds1")),
                List.of(DatasetInput.of("ds1", file, Mapping.parseAll(Map.of("question", "${data.q}")))),
                RecordingExecutor.echo(),
                RunOptions.builder().build());

        // when / then: the broken row is found when the dataset is counted, before any call
        assertThatThrownBy(() -> runner.run(request))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ds1.jsonl:4")
                .hasMessageContaining("malformed JSON line");
        assertThat(f.store.list()).isEmpty();
    }

    @Test
    void should_fail_a_line_at_once_when_its_flow_throws_an_error() {
        // given line 1 throws an Error, not an exception
        RunnerFixture f = new RunnerFixture(dir);
        LineExecutor flow = (line, inputs) -> {
            if (line == 1) {
                throw new AssertionError("tool bug on line 1");
            }
            return new LineOutcome.Success(Map.of("a", line), dev.llmops.llm.TokenUsage.ZERO, 1);
        };

        // when
        ExperimentResult result = runOne(
                f,
                3,
                flow,
                RunOptions.builder().lineTimeout(Duration.ofSeconds(60)).build());

        // then the line failed with the error's message (not, a minute later, as timed out)
        RunSummary run = result.runs().get(0);
        assertThat(run.failed()).isEqualTo(1);
        assertThat(stored(f, run, 1).error().message()).isEqualTo("tool bug on line 1");
    }

    @Test
    void should_record_a_line_interrupted_inside_the_flow_as_failed_not_drop_it() {
        // given a flow whose line 1 is interrupted by something other than a cancel
        RunnerFixture f = new RunnerFixture(dir);
        LineExecutor flow = (line, inputs) -> {
            if (line == 1) {
                throw new InterruptedException("socket read interrupted");
            }
            return new LineOutcome.Success(Map.of("a", line), dev.llmops.llm.TokenUsage.ZERO, 1);
        };

        // when
        ExperimentResult result = runOne(f, 4, flow, RunOptions.builder().build());

        // then
        RunSummary run = result.runs().get(0);
        assertThat(run.completed() + run.failed()).isEqualTo(4);
        assertThat(run.failed()).isEqualTo(1);
        assertThat(run.status()).isEqualTo(RunStatus.CompletedWithErrors);
    }

    /** Runs {@code flow} over one dataset of {@code lines} lines. */
    private static ExperimentResult runOne(RunnerFixture f, int lines, LineExecutor flow, RunOptions options) {
        return f.runner()
                .run(f.request(List.of(RunnerFixture.defaults("ds1")), List.of(f.input("ds1", lines)), flow, options));
    }

    /** The stored record of one line. */
    private static LineRecord stored(RunnerFixture f, RunSummary run, int lineNumber) {
        return StreamSupport.stream(f.store.lines(run.name()).spliterator(), false)
                .filter(r -> r.lineNumber() == lineNumber)
                .findFirst()
                .orElseThrow();
    }

    static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }
}
