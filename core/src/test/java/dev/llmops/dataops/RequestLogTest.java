package dev.llmops.dataops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestLogTest {

    @TempDir
    Path dir;

    @Test
    void should_read_written_records_back_as_dataset_rows_in_order() throws IOException {
        // given
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

        // when
        List<RequestLog.Record> records = RequestLogReader.read(file);

        // then
        assertThat(Files.readAllLines(file).getFirst())
                .startsWith("{\"schema\":\"llmops.serve.request/1\",\"id\":\"r1\"");
        assertThat(records).extracting(RequestLog.Record::id).containsExactly("r1", "r2", "r3");
        assertThat(records.get(0).time()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(records.get(0).answered()).isTrue();
        Map<String, Object> row = records.get(0).row();
        assertThat(row).containsEntry("text", "Paris is nice").containsEntry("entities", List.of("Paris"));
        assertThat(row).containsKey("score");
        assertThat(row.get("score")).isNull();
        assertThat(records.get(2).row()).containsEntry("text", "y");
    }

    @Test
    void should_keep_the_status_and_error_of_a_request_that_was_not_answered() {
        // given
        Path file = dir.resolve("requests.jsonl");
        try (RequestLog log = RequestLog.append(file)) {
            log.write(new RequestLog.Record(
                    "r1", Instant.EPOCH, 502, Map.of("text", "x"), Map.of(), "the model call failed"));
        }

        // when
        RequestLog.Record record = RequestLogReader.read(file).getFirst();

        // then
        assertThat(record.status()).isEqualTo(502);
        assertThat(record.error()).isEqualTo("the model call failed");
        assertThat(record.answered()).isFalse();
    }

    @Test
    void should_read_every_log_file_under_a_folder_in_path_order() throws IOException {
        // given
        try (RequestLog log = RequestLog.append(dir.resolve("2026/12/02/b.jsonl"))) {
            log.write(new RequestLog.Record("b", Instant.EPOCH, Map.of(), Map.of()));
        }
        try (RequestLog log = RequestLog.append(dir.resolve("2026/12/01/z.jsonl"))) {
            log.write(new RequestLog.Record("a", Instant.EPOCH, Map.of(), Map.of()));
        }
        Files.writeString(dir.resolve("notes.txt"), "not a log");

        // when / then
        assertThat(RequestLogReader.read(dir)).extracting(RequestLog.Record::id).containsExactly("a", "b");
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = "|",
            value = {
                "{not json | the line is not JSON",
                "[1, 2] | the line is not a JSON object",
                "{\"text\": \"a dataset row\"} | the line has no field 'schema'",
                "{\"schema\": \"other/1\", \"id\": \"x\"} | the line has schema other/1",
                "{\"schema\": \"llmops.serve.request/1\", \"time\": \"2026-12-02T10:00:00Z\"} | no string field 'id'",
                "{\"schema\": \"llmops.serve.request/1\", \"id\": \"x\", \"time\": \"yesterday\"} | field 'time'",
                "{\"schema\": \"llmops.serve.request/1\", \"id\": \"x\", \"time\": \"2026-12-02T10:00:00Z\","
                        + " \"inputs\": {}, \"outputs\": []} | field 'outputs' is not a JSON object",
                "{\"schema\": \"llmops.serve.request/1\", \"id\": \"x\", \"time\": \"2026-12-02T10:00:00Z\","
                        + " \"status\": \"ok\", \"inputs\": {}} | field 'status' is not an HTTP status code",
            })
    void should_name_file_and_line_of_a_line_that_is_not_a_request_record(String line, String message)
            throws IOException {
        // given: a good record, a blank line, then the bad one on line 3
        Path file = dir.resolve("requests.jsonl");
        try (RequestLog log = RequestLog.append(file)) {
            log.write(new RequestLog.Record("r1", Instant.EPOCH, Map.of("a", 1), Map.of("b", 2)));
        }
        Files.writeString(file, "\n" + line + "\n", java.nio.file.StandardOpenOption.APPEND);

        // when / then
        assertThatThrownBy(() -> RequestLogReader.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":3: error: ")
                .hasMessageContaining(message)
                .hasMessageContaining("llmops serve --log-requests");
    }

    @Test
    void should_say_what_to_pass_when_the_source_is_missing_or_holds_no_log() throws IOException {
        // given
        Files.createDirectories(dir.resolve("empty"));

        // when / then
        assertThatThrownBy(() -> RequestLogReader.read(dir.resolve("missing.jsonl")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("request log " + dir.resolve("missing.jsonl") + " not found");
        assertThatThrownBy(() -> RequestLogReader.read(dir.resolve("empty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("holds no *.jsonl file");
    }
}
