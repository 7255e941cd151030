package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.testing.azurite.Azurite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmops data prep} against a real Azurite: the template's CSV blob to JSON Lines step. */
class DataPrepCommandTest {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static Azurite azurite;

    @TempDir
    Path dir;

    private String source;
    private String target;
    private Path useCase;

    @BeforeAll
    static void startAzurite() {
        azurite = Azurite.start();
    }

    @AfterAll
    static void stopAzurite() {
        azurite.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        int n = RUNS.incrementAndGet();
        source = "source" + n;
        target = "data" + n;
        azurite.createContainer(target);
        azurite.write(source, "ner_source.csv", DataOpsUseCase.CSV.getBytes(StandardCharsets.UTF_8));
        useCase = DataOpsUseCase.write(dir.resolve("ner"), Azurite.ACCOUNT, source, target);
    }

    @Test
    void should_write_the_csv_as_json_lines_to_every_data_asset_path() {
        // when
        CliResult result = llmops("data", "prep", "-u", "ner", "-e", "dev");

        // then
        byte[] expected = DataOpsUseCase.JSONL.getBytes(StandardCharsets.UTF_8);
        assertThat(result)
                .succeeded()
                .outContains("wrote 3 rows (sha256 " + sha256(expected) + ", " + expected.length + " bytes) to "
                        + target + "/eval.jsonl for data asset ner_eval")
                .outContains("to " + target + "/exp.jsonl for data asset ner_exp");
        assertThat(azurite.list(target)).containsExactly("eval.jsonl", "exp.jsonl");
        assertThat(azurite.read(target, "eval.jsonl")).contains(expected);
        assertThat(azurite.read(target, "exp.jsonl")).contains(expected);
        assertThat(result.out() + result.err()).doesNotContain(Azurite.KEY);
    }

    @Test
    void should_replace_what_an_earlier_prep_wrote() {
        // given
        azurite.write(target, "eval.jsonl", "{\"text\": \"stale\"}".getBytes(StandardCharsets.UTF_8));

        // when
        CliResult result = llmops("data", "prep", "-u", "ner");

        // then
        assertThat(result).succeeded();
        assertThat(azurite.read(target, "eval.jsonl"))
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .contains(DataOpsUseCase.JSONL);
    }

    @Test
    void should_read_the_environment_config_when_there_is_one() throws IOException {
        // given: dev reads another source blob
        azurite.write(source, "dev.csv", "text,n\nonly dev,1\n".getBytes(StandardCharsets.UTF_8));
        Files.writeString(
                useCase.resolve("configs/dataops_config.dev.json"),
                DataOpsUseCase.config(Azurite.ACCOUNT, source, "dev.csv", target));

        // when
        CliResult result = llmops("data", "prep", "-u", "ner", "-e", "dev");

        // then
        assertThat(result).succeeded().outContains("wrote 1 rows");
        assertThat(azurite.read(target, "eval.jsonl"))
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .contains("{\"text\":\"only dev\",\"n\":1}");
    }

    @Test
    void should_write_nothing_in_a_dry_run_and_say_what_it_would_write() throws IOException {
        // when
        CliResult result = llmops("data", "prep", "-u", "ner", "--dry-run", "--output-file", "prep.json");

        // then
        assertThat(result)
                .succeeded()
                .outContains(
                        "would write 3 rows (sha256 " + sha256(DataOpsUseCase.JSONL.getBytes(StandardCharsets.UTF_8)))
                .outContains("to " + target + "/eval.jsonl for data asset ner_eval");
        assertThat(azurite.list(target)).isEmpty();
        JsonNode json = new ObjectMapper().readTree(dir.resolve("prep.json").toFile());
        assertThat(json.path("dry_run").asBoolean()).isTrue();
        assertThat(json.path("rows").asLong()).isEqualTo(3);
        assertThat(json.path("columns"))
                .extracting(JsonNode::asText)
                .containsExactly("text", "entity_type", "results", "count", "score", "flag");
        assertThat(json.path("targets"))
                .extracting(
                        t -> t.path("path").asText() + "=" + t.path("written").asBoolean())
                .containsExactly("eval.jsonl=false", "exp.jsonl=false");
    }

    @Test
    void should_name_a_missing_source_blob_and_write_nothing() throws IOException {
        // given
        Files.writeString(
                useCase.resolve("configs/dataops_config.json"),
                DataOpsUseCase.config(Azurite.ACCOUNT, source, "missing.csv", target));

        // when
        CliResult result = llmops("data", "prep", "-u", "ner");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains(Path.of("ner", "configs", "dataops_config.json") + ": error: STORAGE.SOURCE_BLOB: "
                        + source + "/missing.csv is not in storage account " + Azurite.ACCOUNT)
                .errContains("upload the CSV there, or fix STORAGE.SOURCE_CONTAINER and STORAGE.SOURCE_BLOB");
        assertThat(azurite.list(target)).isEmpty();
    }

    @Test
    void should_name_a_target_container_that_does_not_exist() throws IOException {
        // given
        Files.writeString(
                useCase.resolve("configs/dataops_config.json"),
                DataOpsUseCase.config(Azurite.ACCOUNT, source, "ner_source.csv", "no-such-container"));

        // when
        CliResult result = llmops("data", "prep", "-u", "ner");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("STORAGE.TARGET_CONTAINER: container no-such-container does not exist in storage account "
                        + Azurite.ACCOUNT)
                .errContains("create the container, or fix STORAGE.TARGET_CONTAINER");
        assertThat(azurite.list("no-such-container")).isEmpty();
    }

    @Test
    void should_refuse_a_malformed_csv_naming_the_blob_and_line_and_write_nothing() {
        // given
        azurite.write(
                source,
                "ner_source.csv",
                "text,entity_type\nok,person\ntoo,many,fields\n".getBytes(StandardCharsets.UTF_8));

        // when
        CliResult result = llmops("data", "prep", "-u", "ner");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains(source + "/ner_source.csv:3: error: row has 3 fields but the header has 2")
                .errContains("nothing was written.");
        assertThat(azurite.list(target)).isEmpty();
    }

    @Test
    void should_list_every_problem_of_the_config_with_the_field_and_the_fix() throws IOException {
        // given
        Files.writeString(useCase.resolve("configs/dataops_config.json"), """
                {"DATA_STORE_NAME": "ner_data_store",
                 "STORAGE": {"STORAGE_ACCOUNT": "devstoreaccount1", "SOURCE_CONTAINER": "Source_Container",
                             "TARGET_CONTAINER": "data"},
                 "DATA_ASSETS": [{"NAME": "ner_eval"}]}
                """);

        // when
        CliResult result = llmops("data", "prep", "-u", "ner");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("STORAGE.SOURCE_CONTAINER: 'Source_Container' is not a container name")
                .errContains("STORAGE.SOURCE_BLOB: missing (add STORAGE.SOURCE_BLOB: the CSV blob in SOURCE_CONTAINER")
                .errContains("DATA_ASSETS[0].PATH: missing")
                .errContains("llmops: nothing was done.");
    }

    @Test
    void should_have_nothing_to_prepare_without_a_config() throws IOException {
        // given
        Files.delete(useCase.resolve("configs/dataops_config.json"));

        // when
        CliResult result = llmops("data", "prep", "-u", "ner", "-e", "dev");

        // then
        assertThat(result)
                .succeeded()
                .errContains(useCase.resolve("configs/dataops_config.json") + " does not exist: nothing to prepare.");
        assertThat(result.out()).isEmpty();
        assertThat(azurite.list(target)).isEmpty();
    }

    private CliResult llmops(String... args) {
        return CliRun.in(dir)
                .env("LLMOPS_BLOB_ENDPOINT", azurite.blobEndpoint().toString())
                .env("STORAGE_ACCOUNT_KEY", Azurite.KEY)
                .run(args);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
