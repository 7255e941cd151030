package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.testing.FakeLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing placed in the run store can make llmops delete or overwrite a file outside it: a crafted {@code run.json}
 * name, or a symbolic link where a store file (or a temporary file of a predictable name) belongs.
 */
class RunStoreSafetyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRECIOUS = "precious, not a run\n";

    @TempDir
    Path dir;

    private FakeLlmServer server;
    private final AtomicBoolean failQ2 = new AtomicBoolean(true);
    private Path victim;

    @BeforeEach
    void start() throws IOException {
        server = FakeLlmServer.start()
                .when(
                        r -> failQ2.get() && r.lastUserMessage().contains("q2"),
                        new FakeLlmServer.Behaviour.Status(400, Map.of(), "{\"error\":{\"message\":\"bad\"}}"))
                .answer("fine");
        Path uc = Files.createDirectories(dir.resolve("uc"));
        writeUseCase(uc);
        victim = Files.createDirectories(dir.resolve("victim"));
        Files.writeString(victim.resolve("keep.txt"), PRECIOUS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void should_delete_only_the_run_folder_whatever_run_json_names() throws IOException {
        // given: a run whose run.json names a folder outside the store, relatively and absolutely
        Path run = firstRun();
        Path other = Files.createDirectories(dir.resolve("uc/.llmops/runs/copy_of_run"));
        Files.copy(run.resolve("run.json"), other.resolve("run.json"));
        rename(run, "../../../victim");
        rename(other, victim.toAbsolutePath().toString());

        // when
        CliResult listed = cli().run("runs", "list", "-u", "uc");
        CliResult deleted =
                cli().run("runs", "delete", "-u", "uc", run.getFileName().toString(), "copy_of_run");

        // then: the runs are listed and deleted by their folder names, and the victim is untouched
        assertThat(listed).succeeded().outContains(run.getFileName().toString()).outDoesNotContain("victim");
        assertThat(deleted).succeeded();
        assertThat(run).doesNotExist();
        assertThat(other).doesNotExist();
        assertThat(victim.resolve("keep.txt")).hasContent(PRECIOUS.strip());
    }

    @Test
    void should_refuse_a_run_name_that_is_a_path() throws IOException {
        // given: something that looks like a run, outside the store
        Files.copy(firstRun().resolve("run.json"), victim.resolve("run.json"));

        // when
        CliResult result = cli().run("runs", "delete", "-u", "uc", "../../../victim");

        // then
        assertThat(result).exitedWith(3).errContains("'../../../victim' is not a run name");
        assertThat(victim.resolve("keep.txt")).hasContent(PRECIOUS.strip());
        assertThat(victim.resolve("run.json")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"outputs.jsonl", "inputs.jsonl", "errors.jsonl", ".lock"})
    void should_refuse_to_resume_through_a_link_in_place_of_a_store_file(String file) throws IOException {
        // given: a run with a failed line, and a link where one of its files belongs
        Path run = firstRun();
        Path target = victim.resolve("keep.txt");
        Files.deleteIfExists(run.resolve(file));
        Files.createSymbolicLink(run.resolve(file), target);
        failQ2.set(false);

        // when
        CliResult result = cli().run("run", "-u", "uc", "--resume", "--retry-failed");

        // then: a clear refusal, and the file the link points to keeps its content
        assertThat(result)
                .exitedWith(3)
                .errContains(file + " is a symbolic link")
                .errContains("Remove the link");
        assertThat(target).hasContent(PRECIOUS.strip());
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run.json.tmp", "inputs.jsonl.tmp", "errors.jsonl.tmp", "outputs.jsonl.tmp"})
    void should_never_write_through_a_link_at_a_predictable_temporary_name(String file) throws IOException {
        // given: links planted where a writer with fixed temporary names would write
        Path run = firstRun();
        Path target = victim.resolve("keep.txt");
        Files.createSymbolicLink(run.resolve(file), target);
        failQ2.set(false);

        // when
        CliResult result = cli().run("run", "-u", "uc", "--resume", "--retry-failed");

        // then: the resume succeeds and the link's target is untouched
        assertThat(result).succeeded();
        assertThat(target).hasContent(PRECIOUS.strip());
        assertThat(Files.readString(run.resolve("run.json"))).contains("\"Completed\"");
    }

    private Path firstRun() throws IOException {
        assertThat(cli().run("run", "-u", "uc")).exitedWith(1);
        try (Stream<Path> runs = Files.list(dir.resolve("uc/.llmops/runs"))) {
            List<Path> all = runs.filter(Files::isDirectory).toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static void rename(Path run, String name) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(run.resolve("run.json").toFile());
        json.put("name", name);
        Files.writeString(run.resolve("run.json"), json.toString());
    }

    private CliRun cli() {
        return CliRun.in(dir).env("LLM_API_KEY", "sk-test-store");
    }

    private void writeUseCase(Path uc) throws IOException {
        Files.writeString(uc.resolve("experiment.yaml"), """
                name: safe
                flow: flow
                connections:
                - name: llm
                  connection_type: OpenAIConnection
                  base_url: %s
                  api_key: ${api_key}
                datasets:
                - name: small
                  source: data.jsonl
                  mappings:
                    question: ${data.question}
                """.formatted(server.openAiBaseUrl()));
        Files.writeString(uc.resolve("data.jsonl"), """
                {"question": "q1"}
                {"question": "q2"}
                {"question": "q3"}
                """);
        Path flow = Files.createDirectories(uc.resolve("flow"));
        Files.writeString(flow.resolve("flow.dag.yaml"), """
                inputs:
                  question:
                    type: string
                outputs:
                  answer:
                    type: string
                    reference: ${answer.output}
                nodes:
                - name: answer
                  type: llm
                  source: {type: code, path: prompt.jinja2}
                  connection: llm
                  api: chat
                  inputs: {model: gpt-test, question: "${inputs.question}"}
                """);
        Files.writeString(flow.resolve("prompt.jinja2"), "user:\n{{question}}\n");
    }
}
