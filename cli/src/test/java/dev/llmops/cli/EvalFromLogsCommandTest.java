package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmops eval --from-logs}: the request log a real {@code llmops serve} wrote becomes a standard run that the
 * named entity recognition use case's post-production judge scores ({@code experiment-postprod.yaml}, offline: both
 * the extraction and the judge replay hand-written answers).
 */
class EvalFromLogsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Data lines of use-cases/named_entity_recognition/data/data.jsonl and what the offline judge scores them. */
    private static final int MARIE_PERSON = 0; // judged 1

    private static final int NO_PERSON = 4; // judged 1
    private static final int BRIGHTWELL_ORGANIZATION = 8; // judged 0.5
    private static final int KETTLE_ORGANIZATION = 10; // judged 0.5
    private static final int LUMO_PRODUCT = 11; // the judge answers no number

    @TempDir
    Path dir;

    private List<JsonNode> data;

    @BeforeEach
    void copyUseCase() throws IOException {
        ShippedUseCases.copy("named_entity_recognition", dir.resolve("ner"));
        data = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("ner/data/data.jsonl"))) {
            data.add(JSON.readTree(line));
        }
    }

    private String request(int dataLine) {
        JsonNode row = data.get(dataLine);
        return JSON.createObjectNode()
                .put("text", row.get("text").asText())
                .put("entity_type", row.get("entity_type").asText())
                .toString();
    }

    /** Serves the use case's flow offline, posts the bodies, stops the server (which closes the log). */
    private void serveAndPost(String log, String... bodies) throws Exception {
        try (ServingCli server = ServingCli.start(
                dir,
                Map.of(),
                "serve",
                "-u",
                "ner",
                "-e",
                "offline",
                "--port",
                "0",
                "--log-requests",
                log,
                "--log-request-bodies")) {
            assertThat(server.listening()).as(server.out()).isTrue();
            server.awaitReady();
            for (String body : bodies) {
                HttpResponse<String> response = server.post("/score", body, "Content-Type", "application/json");
                assertThat(response.statusCode()).as(response.body()).isIn(200, 400, 502);
            }
        }
    }

    private CliResult evalFromLogs(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "eval", "-u", "ner", "-e", "offline", "-f", "experiment-postprod.yaml", "--report-dir", "reports"));
        args.addAll(List.of(extra));
        return CliRun.in(dir).run(args.toArray(String[]::new));
    }

    private JsonNode evaluation() throws IOException {
        JsonNode metrics = JSON.readTree(dir.resolve("reports/metrics.json").toFile());
        assertThat(metrics.get("evaluations")).hasSize(1);
        return metrics.get("evaluations").get(0);
    }

    private static double averageScore(JsonNode evaluation) {
        return evaluation.get("metrics").get("average_score").get("value").asDouble();
    }

    private Path logRunDir() throws IOException {
        try (Stream<Path> runs = Files.list(dir.resolve("ner/.llmops/runs"))) {
            return runs.filter(r -> r.getFileName().toString().startsWith("named_entity_recognition_logs_"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    @Test
    void should_score_the_requests_a_real_serve_logged_with_the_post_production_judge() throws Exception {
        // given: four answered requests and one the model cannot answer (no recording for it)
        serveAndPost(
                "logs/requests.jsonl",
                request(MARIE_PERSON),
                request(BRIGHTWELL_ORGANIZATION),
                "{\"text\": \"A text nobody recorded.\", \"entity_type\": \"person\"}",
                request(NO_PERSON),
                request(KETTLE_ORGANIZATION));

        // when
        CliResult result = evalFromLogs("--from-logs", "logs/requests.jsonl");

        // then: the judge's scores of the four answered requests, (1 + 0.5 + 1 + 0.5) / 4
        assertThat(result)
                .succeeded()
                .outContains("Read 5 request records from logs/requests.jsonl; skipped 1 not answered")
                .outContains("evaluating 4.");
        JsonNode evaluation = evaluation();
        assertThat(evaluation.get("lines").asInt()).isEqualTo(4);
        assertThat(averageScore(evaluation)).isEqualTo(0.75);
        assertThat(evaluation.get("dataset").asText()).isEqualTo("named_entity_recognition_pp_eval");
        // the logged outputs are the run's outputs, the logged inputs and outputs its dataset's columns
        Path run = logRunDir();
        JsonNode runJson = JSON.readTree(run.resolve("run.json").toFile());
        assertThat(runJson.get("tags").get("source").asText()).isEqualTo("logs");
        assertThat(runJson.get("tags").get("log_source").asText()).isEqualTo("logs/requests.jsonl");
        assertThat(runJson.get("status").asText()).isEqualTo("Completed");
        JsonNode firstRow =
                JSON.readTree(Files.readAllLines(run.resolve("dataset.jsonl")).getFirst());
        assertThat(firstRow.get("text").asText())
                .isEqualTo(data.get(MARIE_PERSON).get("text").asText());
        assertThat(firstRow.get("entities").toString()).isEqualTo("[\"Marie Dubois\",\"Luc\"]");
    }

    /** A request record as serve writes it, answered at {@code time} with the entities the offline flow finds. */
    private String record(String time, int dataLine, String entitiesJson) {
        JsonNode row = data.get(dataLine);
        return "{\"schema\": \"llmops.serve.request/1\", \"id\": \"r" + dataLine + "\", \"time\": \"" + time
                + "\", \"status\": 200, \"inputs\": " + request(dataLine) + ", \"outputs\": {\"entities\": "
                + entitiesJson + "}}";
    }

    private void writeLog(String relative, String... lines) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    /** One answered request an hour from 10:00 on 2 December 2026: judged 1, 0.5, 0.5, 1. */
    private void writeFourHours(String relative) throws IOException {
        writeLog(
                relative,
                record("2026-12-02T10:00:00Z", MARIE_PERSON, "[\"Marie Dubois\", \"Luc\"]"),
                record("2026-12-02T11:00:00Z", BRIGHTWELL_ORGANIZATION, "[\"Brightwell\", \"Orino Foods\"]"),
                record("2026-12-02T12:00:00Z", KETTLE_ORGANIZATION, "[\"Kettle & Crumb\", \"Porto\"]"),
                record("2026-12-02T13:00:00Z", NO_PERSON, "[]"));
    }

    @Test
    void should_evaluate_only_the_requests_answered_between_since_and_until() throws Exception {
        // given
        writeFourHours("logs/requests.jsonl");

        // when: 11:00 inclusive to 13:00 exclusive
        CliResult result = evalFromLogs(
                "--from-logs", "logs/requests.jsonl", "--since", "2026-12-02T11:00:00Z", "--until", "2026-12-02T13:00");

        // then: the two 0.5 lines only
        assertThat(result).succeeded().outContains("skipped 2 outside --since/--until; evaluating 2.");
        assertThat(evaluation().get("lines").asInt()).isEqualTo(2);
        assertThat(averageScore(evaluation())).isEqualTo(0.5);
    }

    @Test
    void should_draw_the_same_sample_again_with_the_same_seed() throws Exception {
        // given
        writeFourHours("logs/requests.jsonl");

        // when
        CliResult first = evalFromLogs("--from-logs", "logs/requests.jsonl", "--sample", "2", "--seed", "7");
        List<String> firstRows = Files.readAllLines(logRunDir().resolve("dataset.jsonl"));
        deleteRuns();
        CliResult again = evalFromLogs("--from-logs", "logs/requests.jsonl", "--sample", "0.5", "--seed", "7");
        List<String> againRows = Files.readAllLines(logRunDir().resolve("dataset.jsonl"));

        // then: 2 of the 4 requests, the same ones, and the report scores exactly those
        assertThat(first).succeeded().outContains("evaluating 2 (--sample, seed 7).");
        assertThat(again).succeeded();
        assertThat(firstRows).hasSize(2).isEqualTo(againRows);
        double expected = firstRows.stream()
                .mapToDouble(r -> r.contains("Brightwell") || r.contains("Kettle") ? 0.5 : 1)
                .average()
                .orElseThrow();
        assertThat(averageScore(evaluation())).isEqualTo(expected);
    }

    private void deleteRuns() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("ner/.llmops/runs"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void should_read_every_rotated_file_of_a_log_folder_in_name_order() throws Exception {
        // given
        writeLog("logs/2026-12-01.jsonl", record("2026-12-01T09:00:00Z", BRIGHTWELL_ORGANIZATION, "[\"Brightwell\"]"));
        writeLog("logs/2026-12-02.jsonl", record("2026-12-02T09:00:00Z", MARIE_PERSON, "[\"Marie Dubois\", \"Luc\"]"));

        // when
        CliResult result = evalFromLogs("--from-logs", "logs");

        // then
        assertThat(result).succeeded().outContains("Read 2 request records from logs; evaluating 2.");
        assertThat(averageScore(evaluation())).isEqualTo(0.75);
        assertThat(Files.readAllLines(logRunDir().resolve("dataset.jsonl")).getFirst())
                .contains("Brightwell");
    }

    @Test
    void should_name_file_and_line_of_a_line_that_is_not_a_request_record_and_make_no_run() throws Exception {
        // given
        writeLog(
                "logs/requests.jsonl",
                record("2026-12-02T10:00:00Z", MARIE_PERSON, "[]"),
                "{\"text\": \"a dataset row, not a request record\"}");

        // when
        CliResult result = evalFromLogs("--from-logs", "logs/requests.jsonl");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("logs/requests.jsonl:2: error: the line has no field 'schema'")
                .errContains("llmops serve --log-requests");
        assertThat(dir.resolve("ner/.llmops/runs")).doesNotExist();
    }

    @Test
    void should_fail_with_the_logs_time_span_when_no_request_lies_in_the_window() throws Exception {
        // given
        writeFourHours("logs/requests.jsonl");

        // when
        CliResult result = evalFromLogs("--from-logs", "logs/requests.jsonl", "--since", "2026-12-03");

        // then
        assertThat(result)
                .exitedWith(3)
                .errContains("no answered request of logs/requests.jsonl lies in [2026-12-03T00:00:00Z, end)")
                .errContains("from 2026-12-02T10:00:00Z to 2026-12-02T13:00:00Z; widen --since/--until");
        assertThat(dir.resolve("reports/metrics.json")).doesNotExist();
    }

    @Test
    void should_run_the_post_production_experiment_over_its_hand_written_log() {
        // when
        CliResult validated =
                CliRun.in(dir).run("validate", "-u", "ner", "-e", "offline", "-f", "experiment-postprod.yaml");
        CliResult result = CliRun.in(dir)
                .run(
                        "experiment",
                        "-u",
                        "ner",
                        "-e",
                        "offline",
                        "-f",
                        "experiment-postprod.yaml",
                        "--report-dir",
                        "reports");

        // then: 8 lines, all judged 1 but two organization lines judged 0.5: 7 / 8 rounded to 2 decimals
        assertThat(validated).succeeded();
        assertThat(result).succeeded();
        assertThat(averageScore(evaluationQuietly())).isEqualTo(0.88);
    }

    private JsonNode evaluationQuietly() {
        try {
            return evaluation();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
