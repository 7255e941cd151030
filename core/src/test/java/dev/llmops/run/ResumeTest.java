package dev.llmops.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.StateException;
import dev.llmops.run.store.LineRecord;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStatus;
import dev.llmops.run.store.RunStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {

    @TempDir
    Path dir;

    /** Runs a 30-line experiment, then rewinds it to a crash: only some lines on disk, the last one torn. */
    private String crashedRun(RunnerFixture f, List<Integer> kept) throws IOException {
        ExperimentResult first = f.runner()
                .run(f.request(
                        List.of(RunnerFixture.defaults("ds1")),
                        List.of(f.input("ds1", 30)),
                        new RecordingExecutor(n -> n == 7, n -> false, 0, false),
                        RunOptions.builder().build()));
        String run = first.runs().get(0).name();
        Path outputs = f.store.dir(run).resolve(RunStore.OUTPUTS);
        List<String> lines = Files.readAllLines(outputs);
        List<String> survivors = new ArrayList<>();
        // Out of order, as concurrent lines finish.
        for (int i = kept.size() - 1; i >= 0; i--) {
            survivors.add(lines.get(kept.get(i)));
        }
        Files.write(outputs, survivors);
        String torn = lines.get(29).substring(0, lines.get(29).length() / 2);
        Files.writeString(outputs, torn, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        // run.json as it was while running
        f.store.save(f.store.load(run).withStarted(f.store.load(run).started()));
        return run;
    }

    private static List<LineRecord> records(RunStore store, String run) {
        return StreamSupport.stream(store.lines(run).spliterator(), false).toList();
    }

    @Test
    void should_resume_a_crashed_run_without_repeating_or_duplicating_lines() throws Exception {
        // given a crash after lines 0-9 (7 failed) with a torn write of line 29
        RunnerFixture f = new RunnerFixture(dir);
        String run = crashedRun(f, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        long spentBefore = f.store.load(run).durationMs();
        RecordingExecutor executor = RecordingExecutor.echo();

        // when
        ExperimentResult result = f.runner()
                .run(f.request(
                        List.of(RunnerFixture.defaults("ds1")),
                        List.of(f.input("ds1", 30)),
                        executor,
                        RunOptions.builder().resume(RunStore.LATEST).build()));

        // then lines 10-29 ran once each, the failed line 7 was kept, and the files look uninterrupted
        assertThat(executor.executedLines)
                .containsExactlyInAnyOrderElementsOf(
                        ExperimentRunnerTest.range(30).subList(10, 30));
        assertThat(executor.calls.get()).isEqualTo(20);
        assertThat(result.runs()).extracting(RunSummary::name).containsExactly(run);
        assertThat(records(f.store, run))
                .extracting(LineRecord::lineNumber)
                .containsExactlyElementsOf(ExperimentRunnerTest.range(30));
        assertThat(result.runs().get(0).status()).isEqualTo(RunStatus.CompletedWithErrors);
        assertThat(result.runs().get(0).failed()).isEqualTo(1);
        assertThat(Files.readAllLines(f.store.dir(run).resolve(RunStore.INPUTS)))
                .hasSize(30);
        assertThat(Files.readAllLines(f.store.dir(run).resolve(RunStore.ERRORS)))
                .hasSize(1);
        assertThat(f.store.load(run).durationMs()).isGreaterThanOrEqualTo(spentBefore);
        assertThat(f.store.load(run).lines()).isEqualTo(new RunRecord.Lines(30, 29, 1));
    }

    @Test
    void should_retry_failed_lines_only_when_asked() throws Exception {
        // given a finished run whose line 7 failed
        RunnerFixture f = new RunnerFixture(dir);
        String run = crashedRun(f, ExperimentRunnerTest.range(29));
        RecordingExecutor executor = RecordingExecutor.echo();

        // when
        ExperimentResult result = f.runner()
                .run(f.request(
                        List.of(RunnerFixture.defaults("ds1")),
                        List.of(f.input("ds1", 30)),
                        executor,
                        RunOptions.builder().resume(run).retryFailed(true).build()));

        // then line 7 and the torn line 29 ran again; line 7's new record replaced the failure
        assertThat(executor.executedLines).containsExactlyInAnyOrder(7, 29);
        assertThat(result.runs().get(0).status()).isEqualTo(RunStatus.Completed);
        List<LineRecord> lines = records(f.store, run);
        assertThat(lines).hasSize(30);
        assertThat(lines.get(7).failed()).isFalse();
        assertThat(Files.readAllLines(f.store.dir(run).resolve(RunStore.ERRORS)))
                .isEmpty();
    }

    @Test
    void should_leave_completed_runs_alone_on_resume() {
        // given a completed experiment
        RunnerFixture f = new RunnerFixture(dir);
        f.runner()
                .run(f.request(
                        List.of(RunnerFixture.defaults("ds1")),
                        List.of(f.input("ds1", 5)),
                        RecordingExecutor.echo(),
                        RunOptions.builder().build()));
        RecordingExecutor executor = RecordingExecutor.echo();

        // when
        ExperimentResult result = f.runner()
                .run(f.request(
                        List.of(RunnerFixture.defaults("ds1")),
                        List.of(f.input("ds1", 5)),
                        executor,
                        RunOptions.builder().resume("latest").build()));

        // then
        assertThat(executor.calls.get()).isZero();
        assertThat(result.runs()).hasSize(1);
        assertThat(result.runs().get(0).completed()).isEqualTo(5);
    }

    @Test
    void should_refuse_to_resume_an_unknown_run() {
        // given
        RunnerFixture f = new RunnerFixture(dir);

        // when / then
        assertThatThrownBy(() -> f.runner()
                        .run(f.request(
                                List.of(RunnerFixture.defaults("ds1")),
                                List.of(f.input("ds1", 5)),
                                RecordingExecutor.echo(),
                                RunOptions.builder().resume("nope").build())))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("no run named 'nope'");
    }

    @Test
    void should_cancel_cleanly_and_resume_to_the_same_result() throws Exception {
        // given lines from 12 on block until released
        RunnerFixture f = new RunnerFixture(dir);
        RecordingExecutor blocked = RecordingExecutor.echo();
        blocked.gatedFrom = 12;
        ExperimentRunner runner = f.runner();
        RunRequest request = f.request(
                List.of(RunnerFixture.defaults("ds1")),
                List.of(f.input("ds1", 40)),
                blocked,
                RunOptions.builder().maxConcurrency(4).build());
        List<ExperimentResult> holder = new ArrayList<>();
        Thread main = Thread.ofVirtual().start(() -> holder.add(runner.run(request)));
        while (blocked.inFlight.get() < 4 || blocked.executedLines.size() < 16) {
            Thread.sleep(5);
        }

        // when Ctrl-C arrives
        runner.cancel(Duration.ofSeconds(30));
        main.join();

        // then the finished lines are kept and the run is Canceled
        ExperimentResult canceled = holder.get(0);
        assertThat(canceled.canceled()).isTrue();
        String run = canceled.runs().get(0).name();
        assertThat(f.store.load(run).status()).isEqualTo(RunStatus.Canceled);
        assertThat(records(f.store, run))
                .extracting(LineRecord::lineNumber)
                .containsExactlyElementsOf(ExperimentRunnerTest.range(12));

        // and when resumed
        RecordingExecutor executor = RecordingExecutor.echo();
        ExperimentResult resumed = f.runner()
                .run(f.request(
                        List.of(RunnerFixture.defaults("ds1")),
                        List.of(f.input("ds1", 40)),
                        executor,
                        RunOptions.builder().resume("latest").build()));

        // then only the rest ran and the run is whole
        assertThat(executor.calls.get()).isEqualTo(28);
        assertThat(resumed.runs().get(0).status()).isEqualTo(RunStatus.Completed);
        Map<Integer, Integer> seen = new HashMap<>();
        records(f.store, run).forEach(r -> seen.merge(r.lineNumber(), 1, Integer::sum));
        assertThat(seen).hasSize(40).allSatisfy((line, count) -> assertThat(count)
                .isEqualTo(1));
        assertThat(new ObjectMapper()
                        .readTree(f.store.dir(run).resolve(RunStore.RUN_JSON).toFile())
                        .path("lines")
                        .path("completed")
                        .asInt())
                .isEqualTo(40);
    }

    @Test
    void should_refuse_to_resume_with_a_changed_flow() throws Exception {
        // given a crashed run made with flow hash-1
        RunnerFixture f = new RunnerFixture(dir);
        String run = crashedRun(f, List.of(0, 1, 2));
        RunRequest same = f.request(
                List.of(RunnerFixture.defaults("ds1")),
                List.of(f.input("ds1", 30)),
                RecordingExecutor.echo(),
                RunOptions.builder().resume(run).build());
        RunRequest changed = new RunRequest(
                same.experiment(),
                same.env(),
                same.flowPath(),
                "hash-2",
                same.runs(),
                same.datasets(),
                same.signature(),
                same.executors(),
                same.options());

        // when / then
        assertThatThrownBy(() -> f.runner().run(changed))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("cannot resume " + run + ": the flow changed");
        assertThat(f.store.load(run).status()).isEqualTo(RunStatus.Running);
    }

    @Test
    void should_create_no_run_when_a_flow_fails_to_load() {
        // given the second variant's flow cannot be built
        RunnerFixture f = new RunnerFixture(dir);
        RunRequest request = f.request(
                List.of(
                        RunnerFixture.defaults("ds1"),
                        new dev.llmops.run.variant.PlannedRun("ds1", Map.of("n", "x"), "n.x")),
                List.of(f.input("ds1", 3)),
                RecordingExecutor.echo(),
                RunOptions.builder().build());
        RunRequest failing = new RunRequest(
                request.experiment(),
                null,
                "f",
                "h",
                request.runs(),
                request.datasets(),
                request.signature(),
                plan -> {
                    if (!plan.variantOverrides().isEmpty()) {
                        throw dev.llmops.error.ConfigException.of("node n: unknown variant x", null);
                    }
                    return RecordingExecutor.echo();
                },
                request.options());

        // when / then
        assertThatThrownBy(() -> f.runner().run(failing)).hasMessageContaining("unknown variant x");
        assertThat(f.store.list()).isEmpty();
    }

    @Test
    void should_checkpoint_the_time_spent_while_a_run_is_in_progress() throws Exception {
        // given a run whose lines from 3 on wait, with fast progress ticks
        RunnerFixture f = new RunnerFixture(dir);
        RecordingExecutor executor = RecordingExecutor.echo();
        executor.gatedFrom = 3;
        RunRequest request = f.request(
                List.of(RunnerFixture.defaults("ds1")),
                List.of(f.input("ds1", 10)),
                executor,
                RunOptions.builder()
                        .progress(dev.llmops.run.progress.ProgressListener.NONE, Duration.ofMillis(5))
                        .build());
        Thread main = Thread.ofVirtual().start(() -> f.runner().run(request));

        // when time passes while it runs
        while (f.store.list().isEmpty() || f.store.list().get(0).durationMs() == null) {
            Thread.sleep(10);
        }

        // then run.json already accounts for it, still Running, so a kill -9 would not lose it
        RunRecord checkpoint = f.store.list().get(0);
        assertThat(checkpoint.status()).isEqualTo(RunStatus.Running);
        assertThat(checkpoint.durationMs()).isPositive();
        executor.gate.countDown();
        main.join();
        assertThat(f.store.list().get(0).status()).isEqualTo(RunStatus.Completed);
    }
}
