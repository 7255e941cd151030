package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many lines in flight over few python workers: lines share a worker round trip (one batch message, one answer
 * line each), and each line still succeeds or fails on its own, with a real {@code python3}.
 */
class FlexBatchingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LINES = 300;

    @TempDir
    Path dir;

    @Test
    void should_fail_only_the_lines_that_raised_or_crashed_their_worker_and_keep_every_other_answer() throws Exception {
        // given: line 50 raises, line 120 kills its worker mid-batch, every 7th line leaves a variable behind
        writeUseCase("""
                import os


                def work(n: int):
                    if n == 50:
                        raise ValueError("fifty is not allowed")
                    if n == 120:
                        os._exit(3)
                    leaked = os.environ.get("LEAKED")
                    if n % 7 == 0:
                        os.environ["LEAKED"] = str(n)
                    return {"square": n * n, "leaked": leaked}
                """);

        // when
        CliResult result = CliRun.in(dir).run("run", "-u", "uc", "--max-concurrency", "64");

        // then: one record per line, the right answer on each, the two failures on their own lines
        assertThat(result).exitedWith(1);
        Map<Integer, JsonNode> lines = records();
        assertThat(lines.keySet()).containsExactlyInAnyOrderElementsOf(range());
        lines.forEach((n, record) -> {
            if (n == 50 || n == 120) {
                assertThat(record.path("status").asText()).as("line %d", n).isEqualTo("Failed");
            } else {
                assertThat(record.path("status").asText()).as("line %d", n).isEqualTo("Completed");
                assertThat(record.path("outputs").path("square").asInt()).isEqualTo(n * n);
                assertThat(record.path("outputs").path("leaked").isNull())
                        .as("line %d sees no variable an earlier line set", n)
                        .isTrue();
            }
        });
        Map<Integer, String> errors = errors();
        assertThat(errors).containsOnlyKeys(50, 120);
        assertThat(errors.get(50)).contains("ValueError: fifty is not allowed");
        assertThat(errors.get(120)).contains("exited with code 3");
    }

    @Test
    void should_resume_only_the_failed_lines_and_keep_the_finished_ones() throws Exception {
        // given: a run where two lines failed (while FAIL_SOME was set)
        writeUseCase("""
                import os


                def work(n: int):
                    if n in (3, 250) and os.environ.get("FAIL_SOME") == "1":
                        raise RuntimeError("not yet")
                    return {"square": n * n, "leaked": None, "attempt": os.environ["ATTEMPT"]}
                """);
        CliResult first =
                CliRun.in(dir).env("FAIL_SOME", "1").env("ATTEMPT", "1").run("run", "-u", "uc");
        assertThat(first).exitedWith(1);

        // when
        CliResult resumed = CliRun.in(dir).env("ATTEMPT", "2").run("run", "-u", "uc", "--resume", "--retry-failed");

        // then: the finished lines kept their first answer, only the two failed ones ran again
        assertThat(resumed).succeeded();
        Map<Integer, JsonNode> lines = records();
        assertThat(lines.keySet()).containsExactlyInAnyOrderElementsOf(range());
        assertThat(lines.values()).allMatch(r -> r.path("status").asText().equals("Completed"));
        Map<String, Long> attempts = lines.values().stream()
                .collect(Collectors.groupingBy(
                        r -> r.path("outputs").path("attempt").asText(), Collectors.counting()));
        assertThat(attempts).containsEntry("1", (long) LINES - 2).containsEntry("2", 2L);
        assertThat(lines.get(3).path("outputs").path("attempt").asText()).isEqualTo("2");
        assertThat(lines.get(250).path("outputs").path("square").asInt()).isEqualTo(62500);
    }

    private void writeUseCase(String entry) throws IOException {
        Path uc = dir.resolve("uc");
        Files.createDirectories(uc.resolve("flows/f"));
        Files.createDirectories(uc.resolve("data"));
        Files.writeString(uc.resolve("experiment.yaml"), """
                name: batching
                flow: flows/f
                datasets:
                - name: numbers
                  source: data/numbers.jsonl
                  mappings:
                    n: ${data.n}
                """);
        Files.writeString(
                uc.resolve("data/numbers.jsonl"),
                range().stream().map(i -> "{\"n\": " + i + "}\n").collect(Collectors.joining()));
        Files.writeString(uc.resolve("flows/f/flow.flex.yaml"), "entry: work:work\n");
        Files.writeString(uc.resolve("flows/f/work.py"), entry);
    }

    private static java.util.List<Integer> range() {
        return IntStream.range(0, LINES).boxed().toList();
    }

    /** The latest record of each line of the run (a resumed line appears again further down). */
    private Map<Integer, JsonNode> records() throws IOException {
        Map<Integer, JsonNode> out = new HashMap<>();
        for (String line : Files.readAllLines(runDir().resolve("outputs.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            out.put(n.path("line_number").asInt(), n);
        }
        return out;
    }

    private Map<Integer, String> errors() throws IOException {
        Map<Integer, String> out = new HashMap<>();
        for (String line : Files.readAllLines(runDir().resolve("errors.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            out.put(n.path("line_number").asInt(), n.path("message").asText());
        }
        return out;
    }

    private Path runDir() throws IOException {
        try (Stream<Path> runs = Files.list(dir.resolve("uc/.llmops/runs"))) {
            return runs.filter(p -> p.getFileName().toString().startsWith("batching_default_numbers"))
                    .findFirst()
                    .orElseThrow();
        }
    }
}
