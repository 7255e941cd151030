package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.dataops.RequestLog;
import dev.llmops.dataops.RequestLogReader;
import dev.llmops.testing.FakeLlmServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmops serve --log-requests}: metadata only unless bodies are asked for, secrets masked, sampling by
 * request id, rotation by size with a number of files kept, and every rotated file read back by {@code llmops eval
 * --from-logs}, through real servers on loopback ports.
 */
class ServeRequestLogTest {

    private static final String KEY = "aoai-key-0d9c8b7a6f";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeLlmServer llm = FakeLlmServer.start();

    @AfterEach
    void stop() {
        llm.close();
    }

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void writeFlow() throws IOException {
        AnswerFlow.write(dir, llm);
    }

    private ServingCli serve(String... extra) throws InterruptedException {
        List<String> args =
                new ArrayList<>(List.of("serve", "--flow", "qa", "--connection", "aoai=aoai.yaml", "--port", "0"));
        args.addAll(List.of(extra));
        return ServingCli.start(dir, Map.of("AOAI_KEY", KEY), args.toArray(String[]::new));
    }

    private static void post(ServingCli server, String id, String question) throws Exception {
        HttpResponse<String> r = server.post(
                "/score",
                JSON.createObjectNode().put("question", question).toString(),
                "Content-Type",
                "application/json",
                "x-request-id",
                id);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private List<String> logFiles(String folder) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve(folder))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void should_log_only_metadata_unless_bodies_are_asked_for() throws Exception {
        // given
        writeFlow();
        llm.answer("Paris.");

        // when
        try (ServingCli server = serve("--log-requests", "meta/requests.jsonl")) {
            post(server, "req-1", "Capital of France?");
        }
        try (ServingCli server = serve("--log-requests", "full/requests.jsonl", "--log-request-bodies")) {
            post(server, "req-2", "Capital of France?");
        }

        // then
        String meta = Files.readString(dir.resolve("meta/requests.jsonl"));
        assertThat(meta).contains("\"id\":\"req-1\"", "\"status\":200", "\"bodies\":false");
        assertThat(meta)
                .doesNotContain("Capital of France?")
                .doesNotContain("Paris.")
                .doesNotContain("inputs");
        RequestLog.Record metaRecord =
                RequestLogReader.read(dir.resolve("meta/requests.jsonl")).getFirst();
        assertThat(metaRecord.bodies()).isFalse();
        assertThat(metaRecord.answered()).isTrue();
        RequestLog.Record full =
                RequestLogReader.read(dir.resolve("full/requests.jsonl")).getFirst();
        assertThat(full.bodies()).isTrue();
        assertThat(full.row()).containsEntry("question", "Capital of France?").containsEntry("answer", "Paris.");
    }

    @Test
    void should_mask_secrets_in_logged_bodies() throws Exception {
        // given: a caller pastes the model key into a question
        writeFlow();
        llm.answer("Noted: " + KEY);

        // when
        try (ServingCli server = serve("--log-requests", "logs/requests.jsonl", "--log-request-bodies")) {
            post(server, "req-1", "my key is " + KEY);
        }

        // then
        String log = Files.readString(dir.resolve("logs/requests.jsonl"));
        assertThat(log).doesNotContain(KEY).contains("my key is ***", "Noted: ***");
    }

    @Test
    void should_log_the_sampled_share_decided_by_request_id() throws Exception {
        // given
        writeFlow();
        llm.answer("Paris.");

        // when: the same 60 requests to two servers logging a third of the requests
        for (String folder : List.of("a", "b")) {
            try (ServingCli server =
                    serve("--log-requests", folder + "/requests.jsonl", "--request-log-sample", "0.33")) {
                for (int i = 0; i < 60; i++) {
                    post(server, "req-" + i, "q" + i);
                }
            }
        }

        // then: some but not all are logged, and both servers logged the same ones
        Set<String> a = ids(RequestLogReader.read(dir.resolve("a/requests.jsonl")));
        Set<String> b = ids(RequestLogReader.read(dir.resolve("b/requests.jsonl")));
        assertThat(a).hasSizeBetween(8, 35).isEqualTo(b);
    }

    private static Set<String> ids(List<RequestLog.Record> records) {
        return records.stream().map(RequestLog.Record::id).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void should_rotate_at_the_size_cap_keep_the_newest_files_and_read_them_back_in_order() throws Exception {
        // given
        writeFlow();
        llm.answer("Paris.");

        // when: about 200 bytes a record, a 1 KiB cap, 2 rotated files kept
        try (ServingCli server = serve(
                "--log-requests",
                "logs/requests.jsonl",
                "--log-request-bodies",
                "--request-log-max-size",
                "1KB",
                "--request-log-keep",
                "2")) {
            for (int i = 0; i < 40; i++) {
                post(server, String.format("req-%02d", i), "question " + i);
            }
        }

        // then: the current file and the two newest rotated ones, named after the time they were rotated
        List<String> files = logFiles("logs");
        assertThat(files).hasSize(3).last().isEqualTo("requests.jsonl");
        assertThat(files.subList(0, 2)).allMatch(f -> f.matches("requests-[0-9]{8}T[0-9]{9}Z\\.jsonl"));
        for (String f : files.subList(0, 2)) {
            long size = Files.size(dir.resolve("logs").resolve(f));
            assertThat(size).as(f).isBetween(1024L, 1024L + 400);
        }
        // read back as eval --from-logs reads a folder: the newest requests, in the order they came, none twice
        List<String> ids = RequestLogReader.read(dir.resolve("logs")).stream()
                .map(RequestLog.Record::id)
                .toList();
        assertThat(ids).isNotEmpty().last().isEqualTo("req-39");
        int first = Integer.parseInt(ids.getFirst().substring(4));
        assertThat(first).isGreaterThan(0);
        List<String> expected = new ArrayList<>();
        for (int i = first; i < 40; i++) {
            expected.add(String.format("req-%02d", i));
        }
        assertThat(ids).isEqualTo(expected);
    }

    @Test
    void should_refuse_request_log_options_without_a_request_log() throws Exception {
        // given
        writeFlow();

        // when
        CliResult result = CliRun.in(dir)
                .env("AOAI_KEY", KEY)
                .run("serve", "--flow", "qa", "--connection", "aoai=aoai.yaml", "--port", "0", "--log-request-bodies");
        CliResult badSize = CliRun.in(dir)
                .env("AOAI_KEY", KEY)
                .run(
                        "serve",
                        "--flow",
                        "qa",
                        "--connection",
                        "aoai=aoai.yaml",
                        "--port",
                        "0",
                        "--log-requests",
                        "r.jsonl",
                        "--request-log-max-size",
                        "ten megs");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("--log-request-bodies shapes the request log, and there is none")
                .errContains("add --log-requests FILE");
        assertThat(badSize).exitedWith(2).errContains("--request-log-max-size 'ten megs' is not a size");
        assertThat(dir.resolve("r.jsonl")).doesNotExist();
    }

    /** Serves the shipped NER use case offline and posts the first {@code n} rows of its data. */
    private void serveNer(int n, String... logOptions) throws Exception {
        ShippedUseCases.copy("named_entity_recognition", dir.resolve("ner"));
        List<String> lines = Files.readAllLines(dir.resolve("ner/data/data.jsonl"));
        List<String> args = new ArrayList<>(List.of("serve", "-u", "ner", "-e", "offline", "--port", "0"));
        args.addAll(List.of(logOptions));
        try (ServingCli server = ServingCli.start(dir, Map.of(), args.toArray(String[]::new))) {
            server.awaitReady();
            for (int i = 0; i < n; i++) {
                JsonNode row = JSON.readTree(lines.get(i % lines.size()));
                String body = JSON.createObjectNode()
                        .put("text", row.get("text").asText())
                        .put("entity_type", row.get("entity_type").asText())
                        .toString();
                HttpResponse<String> r = server.post("/score", body, "Content-Type", "application/json");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
        }
    }

    private CliResult evalFromLogs(String source) {
        return CliRun.in(dir)
                .run(
                        "eval",
                        "-u",
                        "ner",
                        "-e",
                        "offline",
                        "-f",
                        "experiment-postprod.yaml",
                        "--report-dir",
                        "reports",
                        "--from-logs",
                        source);
    }

    @Test
    void should_evaluate_every_record_of_the_rotated_files_with_eval_from_logs() throws Exception {
        // given: eight answered requests over a 1 KiB cap, so the log is rotated
        serveNer(
                8,
                "--log-requests",
                "logs/requests.jsonl",
                "--log-request-bodies",
                "--request-log-max-size",
                "1KB",
                "--request-log-keep",
                "10");
        List<String> files = logFiles("logs");
        assertThat(files.size()).isGreaterThan(1);

        // when
        CliResult result = evalFromLogs("logs");

        // then: every record of every file, once
        assertThat(result).succeeded().outContains("Read 8 request records from logs; evaluating 8.");
    }

    @Test
    void should_say_a_metadata_only_log_cannot_be_evaluated_and_how_to_log_bodies() throws Exception {
        // given
        serveNer(2, "--log-requests", "logs/requests.jsonl");

        // when
        CliResult result = evalFromLogs("logs/requests.jsonl");

        // then
        assertThat(result)
                .exitedWith(3)
                .errContains("holds 2 requests logged without their inputs and outputs")
                .errContains("--log-request-bodies");
    }
}
