package dev.llmops.run.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.StateException;
import dev.llmops.llm.TokenUsage;
import dev.llmops.run.LineOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {

    @TempDir
    Path dir;

    private RunStore store() {
        return new RunStore(dir.resolve("runs"), new Random(7));
    }

    private static RunRecord record(String name, Instant created) {
        return RunRecord.builder()
                .name(name)
                .batch("batch-" + name)
                .experiment("exp")
                .flow("flows/std", "h")
                .variant("default", Map.of())
                .dataset("ds", "data.jsonl")
                .status(RunStatus.Running)
                .created(created)
                .started(created)
                .lines(new RunRecord.Lines(3, 0, 0))
                .build();
    }

    private static void append(RunWriter w, int line, boolean ok) {
        LineOutcome outcome = ok
                ? new LineOutcome.Success(Map.of("answer", "a" + line), new TokenUsage(2, 1), 10L * (line + 1))
                : new LineOutcome.Failure("boom", null, "n", TokenUsage.ZERO, 5);
        w.append(LineRecord.of(line, outcome), Map.of("q", "q" + line));
    }

    @Test
    void should_count_an_interrupted_segment_up_to_its_last_line_and_group_its_errors() throws Exception {
        // given: a run killed 4 s after its last checkpoint (1 s in), owned by a process that is gone
        RunStore store = store();
        RunRecord r = record("exp_default_ds_1", Instant.parse("2026-11-23T14:05:09Z")).toBuilder()
                .durationMs(1_000L)
                .process(new RunRecord.Owner(ProcessHandle.current().pid(), Instant.parse("2000-01-01T00:00:00Z")))
                .build();
        try (RunWriter w = store.create(r)) {
            append(w, 0, true);
            append(w, 1, false);
            append(w, 2, false);
        }
        Path runDir = store.dir(r.name());
        java.nio.file.attribute.FileTime checkpoint = java.nio.file.attribute.FileTime.fromMillis(1_800_000_000_000L);
        Files.setLastModifiedTime(runDir.resolve(RunStore.RUN_JSON), checkpoint);
        Files.setLastModifiedTime(
                runDir.resolve(RunStore.OUTPUTS),
                java.nio.file.attribute.FileTime.fromMillis(checkpoint.toMillis() + 4_000));

        // when
        RunRecord loaded = store.load(r.name());

        // then: the id is this process's but the start time is not, so the writer is gone
        assertThat(loaded.status()).isEqualTo(RunStatus.Interrupted);
        assertThat(loaded.status().resumable()).isTrue();
        assertThat(store.durationSoFar(loaded)).isEqualTo(5_000L);
        assertThat(store.errorGroups(r.name())).containsExactly(new ErrorGroup("boom", 2, 1, "n"));
    }

    @Test
    void should_name_runs_readably_and_uniquely() {
        // given
        RunStore store = store();
        Instant at = Instant.parse("2026-11-23T14:05:09Z");

        // when
        String a = store.newRunName("web class", "summarize.v1", "ds/1", at);
        String b = store.newRunName("web class", "summarize.v1", "ds/1", at);

        // then
        assertThat(a).matches("web_class_summarize\\.v1_ds_1_20261123_140509_[0-9a-f]{5}");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void should_discard_a_torn_last_line_and_keep_the_latest_attempt_of_each_line() throws Exception {
        // given line 1 failed, was retried, and a crash tore the write of line 2
        RunStore store = store();
        try (RunWriter w = store.create(record("r1", Instant.now()))) {
            append(w, 0, true);
            append(w, 1, false);
            append(w, 1, true);
        }
        Path outputs = store.dir("r1").resolve(RunStore.OUTPUTS);
        Files.writeString(outputs, "{\"line_number\":2,\"status\":\"Compl", StandardOpenOption.APPEND);

        // when
        RunStore.ResumeState state = store.prepareResume("r1");

        // then
        assertThat(state.discardedBytes()).isEqualTo(32);
        assertThat(state.completed().stream().boxed().toList()).containsExactly(0, 1);
        assertThat(state.failed().isEmpty()).isTrue();
        assertThat(Files.readString(outputs, StandardCharsets.UTF_8)).endsWith("}\n");
        LineStats stats = store.stats("r1");
        assertThat(stats.completed()).isEqualTo(2);
        assertThat(stats.failed()).isZero();
    }

    @Test
    void should_compact_to_one_record_per_line_in_line_order() throws Exception {
        // given lines finished out of order, line 0 twice
        RunStore store = store();
        try (RunWriter w = store.create(record("r1", Instant.now()))) {
            append(w, 2, true);
            append(w, 0, false);
            append(w, 1, true);
            append(w, 0, true);
        }

        // when
        store.compact("r1");

        // then
        List<LineRecord> lines =
                StreamSupport.stream(store.lines("r1").spliterator(), false).toList();
        assertThat(lines).extracting(LineRecord::lineNumber).containsExactly(0, 1, 2);
        assertThat(lines.get(0).failed()).isFalse();
        assertThat(Files.readAllLines(store.dir("r1").resolve(RunStore.INPUTS)))
                .containsExactly(
                        "{\"line_number\":0,\"inputs\":{\"q\":\"q0\"}}",
                        "{\"line_number\":1,\"inputs\":{\"q\":\"q1\"}}",
                        "{\"line_number\":2,\"inputs\":{\"q\":\"q2\"}}");
        assertThat(Files.readAllLines(store.dir("r1").resolve(RunStore.ERRORS))).isEmpty();
        assertThat(store.stats("r1").latency()).isEqualTo(new RunRecord.Latency(20, 30));
    }

    @Test
    void should_count_the_compacted_lines_and_list_the_failures_among_them() throws Exception {
        // given line 1 failed, then succeeded; line 3 failed for good; one record written by another tool, with
        // its keys in another order and spaces
        RunStore store = store();
        try (RunWriter w = store.create(record("r1", Instant.now()))) {
            append(w, 1, false);
            append(w, 3, false);
            append(w, 0, true);
            append(w, 1, true);
        }
        Files.writeString(
                store.dir("r1").resolve(RunStore.OUTPUTS),
                "{\"status\": \"Completed\", \"outputs\": {\"answer\": [1, {\"x\": 2}]}, \"line_number\": 2,"
                        + " \"tokens\": {\"prompt\": 7, \"completion\": 4, \"total\": 11}, \"latency_ms\": 99}\n",
                StandardOpenOption.APPEND);

        // when
        LineStats stats = store.compact("r1");

        // then
        assertThat(StreamSupport.stream(store.lines("r1").spliterator(), false))
                .extracting(LineRecord::lineNumber)
                .containsExactly(0, 1, 2, 3);
        assertThat(stats.completed()).isEqualTo(3);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.tokens()).isEqualTo(new LineRecord.Tokens(2 + 2 + 7, 1 + 1 + 4, 17));
        assertThat(stats.latency()).isEqualTo(new RunRecord.Latency(10, 99)); // 5, 10, 20, 99
        assertThat(Files.readAllLines(store.dir("r1").resolve(RunStore.ERRORS)))
                .containsExactly("{\"line_number\":3,\"node\":\"n\",\"message\":\"boom\",\"detail\":null}");
        LineStats again = store.stats("r1");
        assertThat(List.of(again.completed(), again.failed(), again.tokens(), again.latency()))
                .isEqualTo(List.of(stats.completed(), stats.failed(), stats.tokens(), stats.latency()));
    }

    @Test
    void should_list_newest_first_and_resolve_latest() {
        // given
        RunStore store = store();
        store.create(record("old", Instant.parse("2026-01-01T00:00:00Z"))).close();
        store.create(record("new", Instant.parse("2026-02-01T00:00:00Z"))).close();
        store.create(record("mid", Instant.parse("2026-01-15T00:00:00Z"))).close();

        // when / then
        assertThat(store.list()).extracting(RunRecord::name).containsExactly("new", "mid", "old");
        assertThat(store.load("latest").name()).isEqualTo("new");
    }

    @Test
    void should_delete_a_run_and_refuse_unknown_names() {
        // given
        RunStore store = store();
        store.create(record("r1", Instant.now())).close();

        // when
        store.delete("r1");

        // then
        assertThat(store.dir("r1")).doesNotExist();
        assertThatThrownBy(() -> store.delete("r1"))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("no run named 'r1'");
        assertThatThrownBy(() -> store.delete("../x")).isInstanceOf(StateException.class);
    }

    @Test
    void should_refuse_a_run_written_by_a_newer_version() throws Exception {
        // given
        RunStore store = store();
        store.create(record("r1", Instant.now())).close();
        Path runJson = store.dir("r1").resolve(RunStore.RUN_JSON);
        Files.writeString(
                runJson, Files.readString(runJson).replace("\"format_version\" : 1", "\"format_version\" : 9"));

        // when / then
        assertThatThrownBy(() -> store.load("r1"))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("newer llmops");
    }

    @Test
    void should_refuse_a_second_writer_on_the_same_run() {
        // given a run being written
        RunStore store = store();
        RunWriter first = store.create(record("r1", Instant.now()));
        try {
            // when / then
            assertThatThrownBy(() -> store.reopen("r1"))
                    .isInstanceOf(StateException.class)
                    .hasMessageContaining("run r1 is being written by another llmops process");
        } finally {
            first.close();
        }
        // and once closed, it can be reopened
        store.reopen("r1").close();
    }

    @Test
    void should_keep_records_larger_than_the_read_buffer_intact() {
        // given outputs of 200 kB, beyond the 64 kB blocks the scanner reads, among small ones
        RunStore store = store();
        String big = "x".repeat(200_000) + "é";
        try (RunWriter w = store.create(record("r1", Instant.now()))) {
            append(w, 2, true);
            w.append(LineRecord.of(1, new LineOutcome.Success(Map.of("answer", big), TokenUsage.ZERO, 1)), Map.of());
            append(w, 0, true);
        }

        // when
        store.compact("r1");

        // then
        List<LineRecord> lines =
                StreamSupport.stream(store.lines("r1").spliterator(), false).toList();
        assertThat(lines).extracting(LineRecord::lineNumber).containsExactly(0, 1, 2);
        assertThat(lines.get(1).outputs().get("answer")).isEqualTo(big);
        assertThat(lines.get(2).outputs().get("answer")).isEqualTo("a2");
    }
}
