package dev.llmops.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestLogTest {

    @TempDir
    Path dir;

    @Test
    void writtenRecordsReadBackAsDatasetRowsInOrder() throws IOException {
        Path file = dir.resolve("logs/requests.jsonl");
        try (RequestLog log = RequestLog.append(file)) {
            log.write(new RequestLog.Record(
                    "r1",
                    Instant.parse("2026-12-02T10:00:00Z"),
                    Map.of("text", "Paris is nice"),
                    Map.of("entities", List.of("Paris"), "score", Double.NaN)));
            log.write(new RequestLog.Record(
                    "r2", Instant.parse("2026-12-02T10:00:01Z"), Map.of("text", "Bob"), Map.of("entities", "Bob")));
        }
        try (RequestLog log = RequestLog.append(file)) {
            log.write(new RequestLog.Record(
                    "r3", Instant.parse("2026-12-02T10:00:02Z"), Map.of("text", "x"), Map.of("text", "y")));
        }

        assertThat(Files.readAllLines(file).getFirst())
                .startsWith("{\"schema\":\"llmops.serve.request/1\",\"id\":\"r1\"");
        List<RequestLog.Record> records = RequestLog.read(file);
        assertThat(records).extracting(RequestLog.Record::id).containsExactly("r1", "r2", "r3");
        assertThat(records.get(0).time()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        Map<String, Object> row = records.get(0).row();
        assertThat(row).containsEntry("text", "Paris is nice").containsEntry("entities", List.of("Paris"));
        assertThat(row).containsKey("score");
        assertThat(row.get("score")).isNull();
        assertThat(records.get(2).row()).containsEntry("text", "y");
    }

    @Test
    void folderIsReadFileByFileInNameOrder() throws IOException {
        try (RequestLog log = RequestLog.append(dir.resolve("b.jsonl"))) {
            log.write(new RequestLog.Record("b", Instant.EPOCH, Map.of(), Map.of()));
        }
        try (RequestLog log = RequestLog.append(dir.resolve("a.jsonl"))) {
            log.write(new RequestLog.Record("a", Instant.EPOCH, Map.of(), Map.of()));
        }
        Files.writeString(dir.resolve("notes.txt"), "not a log");

        assertThat(RequestLog.read(dir)).extracting(RequestLog.Record::id).containsExactly("a", "b");
    }

    @Test
    void aLineThatIsNotARequestRecordNamesFileAndLine() throws IOException {
        Path file = dir.resolve("requests.jsonl");
        try (RequestLog log = RequestLog.append(file)) {
            log.write(new RequestLog.Record("r1", Instant.EPOCH, Map.of("a", 1), Map.of("b", 2)));
        }
        Files.writeString(file, "\n{\"text\":\"hand-written\"}\n", java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> RequestLog.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ":3: ")
                .hasMessageContaining("not llmops.serve.request/1");

        Files.writeString(file, "{not json\n");
        assertThatThrownBy(() -> RequestLog.read(file)).hasMessageStartingWith(file + ":1: the line is not JSON");

        Files.writeString(
                file,
                "{\"schema\":\"llmops.serve.request/1\",\"id\":\"x\",\"time\":\"2026-12-02T10:00:00Z\","
                        + "\"inputs\":{},\"outputs\":[]}\n");
        assertThatThrownBy(() -> RequestLog.read(file)).hasMessageContaining(":1: the line field 'outputs'");
    }
}
