package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.SystemEnv;
import dev.llmops.llm.TokenUsage;
import dev.llmops.run.LineOutcome;
import dev.llmops.run.store.LineRecord;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStatus;
import dev.llmops.run.store.RunStore;
import dev.llmops.run.store.RunWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsCommandTest {

    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private RunStore store;

    @BeforeEach
    void given_a_use_case_with_two_runs() {
        store = new RunStore(RunStore.defaultDir(work.resolve("uc")));
        create("exp_default_ds1_20261101_100000_aaaaa", Instant.parse("2026-11-01T10:00:00Z"), RunStatus.Completed);
        RunRecord r = create(
                "exp_answer.v1_ds1_20261102_100000_bbbbb",
                Instant.parse("2026-11-02T10:00:00Z"),
                RunStatus.CompletedWithErrors);
        try (RunWriter w = store.reopen(r.name())) {
            for (int i = 0; i < 20; i++) {
                LineOutcome o = i == 3
                        ? new LineOutcome.Failure("boom", null, "answer", TokenUsage.ZERO, 7)
                        : new LineOutcome.Success(Map.of("a", i), new TokenUsage(10, 5), 100L + i * 10);
                w.append(LineRecord.of(i, o), Map.of("q", i));
            }
        }
    }

    private RunRecord create(String name, Instant created, RunStatus status) {
        RunRecord r = RunRecord.builder()
                .name(name)
                .batch("b")
                .experiment("exp")
                .env("dev")
                .flow("flows/std", "h")
                .variant(name.contains("answer") ? "answer.v1" : "default", Map.of())
                .dataset("ds1", "data/ds1.jsonl")
                .status(status)
                .created(created)
                .started(created)
                .ended(created.plusSeconds(75))
                .durationMs(75_000L)
                .lines(new RunRecord.Lines(20, 19, 1))
                .buildId("build-7")
                .tags(Map.of("build_id", "build-7"))
                .build();
        store.create(r).close();
        return r;
    }

    private int run(String... args) {
        return Main.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new SystemEnv(Map.of(), work),
                args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void should_list_runs_newest_first() {
        // when
        int code = run("runs", "list", "-u", "uc");

        // then
        assertThat(code).isZero();
        assertThat(out().lines().toList()).hasSize(3);
        assertThat(out().lines().toList().get(1))
                .startsWith("exp_answer.v1_ds1_20261102_100000_bbbbb")
                .contains("CompletedWithErrors", "2026-11-02 10:00:00", "19/20");
        assertThat(out().lines().toList().get(2)).startsWith("exp_default_ds1_20261101_100000_aaaaa");
    }

    @Test
    void should_show_counts_tokens_latency_and_duration() {
        // when
        int code = run("runs", "show", "latest", "--use-case", "uc");

        // then
        assertThat(code).isZero();
        assertThat(out())
                .contains("run:        exp_answer.v1_ds1_20261102_100000_bbbbb")
                .contains("status:     CompletedWithErrors")
                .contains("variant:    answer.v1")
                .contains("dataset:    ds1 (data/ds1.jsonl)")
                .contains("lines:      19 ok, 1 failed, 20 of 20 done")
                .contains("tokens:     285 (prompt 190, completion 95)")
                .contains("latency:    p50 190 ms, p95 280 ms")
                .contains("duration:   1m15s")
                .contains("tags:       {build_id=build-7}")
                .contains("error:      1 line: boom (first: line 3, node answer)");
    }

    @Test
    void should_show_interrupted_when_the_process_writing_a_run_is_gone() throws Exception {
        // given: a run left Running by a process that has exited, and one of this (live) process
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        RunRecord dead = create(
                "exp_default_ds2_20261104_100000_ddddd", Instant.parse("2026-11-04T10:00:00Z"), RunStatus.Running);
        store.save(dead.toBuilder()
                .process(new RunRecord.Owner(gone.pid(), Instant.parse("2000-01-01T00:00:00Z")))
                .build());
        RunRecord alive = create(
                "exp_default_ds3_20261105_100000_eeeee", Instant.parse("2026-11-05T10:00:00Z"), RunStatus.Running);
        store.save(alive.toBuilder().process(RunRecord.Owner.current()).build());

        // when
        int listed = run("runs", "list", "-u", "uc");
        String list = out();
        int shown = run("runs", "show", dead.name(), "-u", "uc");

        // then
        assertThat(listed).isZero();
        assertThat(shown).isZero();
        assertThat(list.lines()
                        .filter(l -> l.startsWith(dead.name()))
                        .findFirst()
                        .orElseThrow())
                .contains("Interrupted");
        assertThat(list.lines()
                        .filter(l -> l.startsWith(alive.name()))
                        .findFirst()
                        .orElseThrow())
                .contains("Running");
        assertThat(out()).contains("status:     Interrupted; its process is gone: 'llmops run --resume " + dead.name());
    }

    @Test
    void should_delete_a_run() {
        // when
        int code = run("runs", "delete", "exp_default_ds1_20261101_100000_aaaaa", "-u", "uc");

        // then
        assertThat(code).isZero();
        assertThat(out()).contains("Deleted exp_default_ds1_20261101_100000_aaaaa.");
        assertThat(store.list()).extracting(RunRecord::name).containsExactly("exp_answer.v1_ds1_20261102_100000_bbbbb");
    }

    @Test
    void should_exit_3_naming_the_store_for_an_unknown_run() {
        // when
        int code = run("runs", "show", "nope", "-u", "uc");

        // then
        assertThat(code).isEqualTo(ExitCodes.STATE);
        assertThat(err()).contains("no run named 'nope'").contains("'llmops runs list' shows the runs");
    }

    @Test
    void should_read_another_store_with_runs_dir() {
        // when
        int code = run("runs", "list", "--runs-dir", "elsewhere");

        // then
        assertThat(code).isZero();
        assertThat(out()).startsWith("No runs in " + work.resolve("elsewhere"));
    }

    @Test
    void should_count_the_lines_of_an_unfinished_run_from_its_outputs() {
        // given a run killed after 4 lines (run.json still says 0 done)
        RunRecord r = create(
                "exp_default_ds2_20261103_100000_ccccc", Instant.parse("2026-11-03T10:00:00Z"), RunStatus.Running);
        try (RunWriter w = store.reopen(r.name())) {
            for (int i = 0; i < 4; i++) {
                w.append(LineRecord.of(i, new LineOutcome.Success(Map.of(), TokenUsage.ZERO, 1)), Map.of());
            }
        }

        // when
        int code = run("runs", "list", "-u", "uc");

        // then
        assertThat(code).isZero();
        assertThat(out().lines().toList().get(1))
                .startsWith("exp_default_ds2_20261103_100000_ccccc")
                .contains("Running", "4/20");
    }
}
