package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static dev.llmops.cli.ExperimentCommandTest.runs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.testing.arm.FakeArm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code azureml:} dataset sources in local runs: resolved through the fake Resource Manager, downloaded from the
 * datastore's Blob service into the content-addressed cache, checked against {@code data_hash}, reused with no
 * network, and recorded in {@code run.json}.
 */
class AzuremlDatasetCommandTest {

    private static final String QUIZ = """
            {"question": "capital of France", "expected": "Paris"}
            {"question": "largest planet", "expected": "Jupiter"}
            {"question": "author of Hamlet", "expected": "William Shakespeare"}
            """;
    private static final String QUIZ_V1 = """
            {"question": "capital of France", "expected": "Paris"}
            """;
    /** Where the datasets entry of quiz starts in the experiment.yaml QuizUseCase writes. */
    private static final int QUIZ_DATASET_LINE = 4;

    @TempDir
    Path dir;

    private FakeArm arm;
    private Path quiz;

    @BeforeEach
    void start() throws IOException {
        arm = FakeArm.start();
        quiz = QuizUseCase.write(dir.resolve("quiz"), "");
        Files.delete(quiz.resolve("quiz.jsonl"));
        asset("quiz_data", "1", QUIZ_V1, sha256(QUIZ_V1));
        asset("quiz_data", "2", QUIZ, sha256(QUIZ));
    }

    @AfterEach
    void stop() {
        arm.close();
    }

    @Test
    void should_run_on_a_pinned_data_asset_and_record_the_version_it_read() throws IOException {
        // given
        source("azureml:quiz_data:2");

        // when
        CliResult result = llmops("run", "-u", "quiz");

        // then
        assertThat(result)
                .succeeded()
                .outContains("dataset quiz: azureml:quiz_data:2 (sha256 "
                        + sha256(QUIZ).substring(0, 12) + ", downloaded)");
        JsonNode run = standardRun("quiz");
        assertThat(run.path("data_asset").path("name").asText()).isEqualTo("quiz_data");
        assertThat(run.path("data_asset").path("version").asText()).isEqualTo("2");
        assertThat(run.path("data_asset").path("sha256").asText()).isEqualTo(sha256(QUIZ));
        assertThat(run.path("lines").path("total").asInt()).isEqualTo(3);
        Path cached = Path.of(run.path("data_file").asText());
        assertThat(cached).startsWith(quiz.resolve(".llmops/data/sha256/" + sha256(QUIZ)));
        assertThat(Files.readString(cached)).isEqualTo(QUIZ);
        assertThat(arm.calls(c -> c.path().contains("/data/quiz_data/versions/2")))
                .hasSize(1);
    }

    @Test
    void should_reuse_the_cached_copy_with_no_network_on_the_next_run() throws IOException {
        // given: one online run fills the cache
        source("azureml:quiz_data:2");
        assertThat(llmops("run", "-u", "quiz")).succeeded();
        int callsBefore = arm.calls().size();

        // when: Resource Manager, sign-in and Blob service all unreachable
        CliResult result = offline("run", "-u", "quiz");

        // then
        assertThat(result)
                .succeeded()
                .outContains("dataset quiz: azureml:quiz_data:2 (sha256 "
                        + sha256(QUIZ).substring(0, 12) + ", from the cache)");
        assertThat(arm.calls()).hasSize(callsBefore);
        assertThat(runs(quiz, "standard"))
                .filteredOn(r -> r.path("dataset").asText().equals("quiz"))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.path("data_asset").path("version").asText())
                        .isEqualTo("2"));
    }

    @Test
    void should_take_the_latest_version_of_an_unversioned_source() throws IOException {
        // given
        source("azureml:quiz_data");

        // when
        CliResult result = llmops("run", "-u", "quiz");

        // then
        assertThat(result).succeeded().outContains("azureml:quiz_data:2");
        JsonNode run = standardRun("quiz");
        assertThat(run.path("data_asset").path("source").asText()).isEqualTo("azureml:quiz_data@latest");
        assertThat(run.path("data_asset").path("version").asText()).isEqualTo("2");
    }

    @Test
    void should_validate_an_existing_asset_and_say_which_version_it_read() throws IOException {
        // given
        source("azureml:quiz_data@latest");

        // when
        CliResult result = llmops("validate", "-u", "quiz");

        // then
        assertThat(result).succeeded().outContains("azureml:quiz_data@latest -> azureml:quiz_data:2");
    }

    @Test
    void should_refuse_a_version_that_does_not_exist_naming_the_dataset_line_and_the_versions() throws IOException {
        // given
        source("azureml:quiz_data:7");

        // when
        CliResult result = llmops("run", "-u", "quiz");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("experiment.yaml:" + QUIZ_DATASET_LINE + ":")
                .errContains("data asset 'quiz_data' has no version '7' in workspace " + FakeArm.WORKSPACE)
                .errContains("its versions: 1, 2");
        assertThat(quiz.resolve(".llmops/runs")).doesNotExist();
    }

    @Test
    void should_refuse_an_asset_that_does_not_exist_and_list_the_workspace_assets() throws IOException {
        // given
        source("azureml:quiz_dta:1");

        // when
        CliResult result = llmops("validate", "-u", "quiz");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("experiment.yaml:" + QUIZ_DATASET_LINE + ":")
                .errContains("data asset 'quiz_dta' does not exist in workspace " + FakeArm.WORKSPACE)
                .errContains("its data assets: quiz_data");
    }

    @Test
    void should_keep_nothing_in_the_cache_when_the_download_does_not_match_its_data_hash() throws IOException {
        // given: version 3's file was overwritten after registration
        asset("quiz_data", "3", QUIZ, sha256(QUIZ_V1));
        source("azureml:quiz_data:3");

        // when
        CliResult result = llmops("run", "-u", "quiz");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("experiment.yaml:" + QUIZ_DATASET_LINE + ":")
                .errContains("the downloaded file's SHA-256 is " + sha256(QUIZ) + " but the asset's data_hash tag says "
                        + sha256(QUIZ_V1))
                .errContains("register the data again");
        assertThat(filesUnder(quiz.resolve(".llmops/data"))).isEmpty();
    }

    @Test
    void should_name_the_missing_workspace_settings() throws IOException {
        // given
        source("azureml:quiz_data:2");

        // when
        CliRun run = CliRun.in(dir);
        arm.environment().forEach((k, v) -> {
            if (!k.equals("SUBSCRIPTION_ID") && !k.equals("WORKSPACE_NAME")) {
                run.env(k, v);
            }
        });
        CliResult result = run.run("run", "-u", "quiz");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("experiment.yaml:" + QUIZ_DATASET_LINE + ":")
                .errContains("azureml:quiz_data:2 needs the Azure ML workspace that holds it")
                .errContains("set SUBSCRIPTION_ID, RESOURCE_GROUP_NAME and WORKSPACE_NAME");
        assertThat(arm.calls()).isEmpty();
    }

    @Test
    void should_never_write_the_datastore_key_to_the_output_the_run_store_or_the_cache() throws IOException {
        // given
        source("azureml:quiz_data:2");

        // when
        CliResult result = llmops("run", "-u", "quiz");

        // then
        assertThat(result).succeeded();
        assertThat(arm.calls(c -> c.path().endsWith("/listSecrets"))).hasSize(1);
        String key = arm.dataAssets().defaultDatastoreKey();
        assertThat(result.out() + result.err()).doesNotContain(key);
        for (Path f : filesUnder(quiz.resolve(".llmops"))) {
            assertThat(Files.readString(f)).as(f.toString()).doesNotContain(key);
        }
    }

    @Test
    void should_name_the_data_asset_version_in_every_report() throws IOException {
        // given
        source("azureml:quiz_data:2");

        // when
        CliRun run = CliRun.in(dir)
                .env("GITHUB_STEP_SUMMARY", dir.resolve("summary.md").toString());
        arm.environment().forEach(run::env);
        CliResult result = run.run("experiment", "-u", "quiz");

        // then
        assertThat(result).succeeded().outContains("Dataset quiz (data asset azureml:quiz_data:2)");
        JsonNode metrics = ExperimentCommandTest.metricsJson(dir.resolve("reports"));
        assertThat(metrics.path("standard_runs"))
                .filteredOn(r -> r.path("dataset").asText().equals("quiz"))
                .singleElement()
                .satisfies(r -> assertThat(r.path("data_asset").asText()).isEqualTo("azureml:quiz_data:2"));
        assertThat(Files.readString(dir.resolve("summary.md")))
                .contains("### Dataset quiz (data asset azureml:quiz_data:2)")
                .contains("### Dataset other\n");
        assertThat(Files.readString(dir.resolve("reports/quiz_result.html")))
                .contains("data asset azureml:quiz_data:2");
        // the evaluation that reuses quiz reads the asset; the one on the local quiz_truth.jsonl does not
        List<JsonNode> evaluations = runs(quiz, "evaluation");
        assertThat(evaluations)
                .filteredOn(r -> r.path("tags").path("evaluator").asText().equals("exact"))
                .singleElement()
                .satisfies(r -> assertThat(r.path("data_asset").path("version").asText())
                        .isEqualTo("2"));
        assertThat(evaluations)
                .filteredOn(r -> r.path("tags").path("evaluator").asText().equals("overlap"))
                .singleElement()
                .satisfies(r -> assertThat(r.has("data_asset")).isFalse());
    }

    // -- helpers -------------------------------------------------------------------------------------------

    private void asset(String name, String version, String content, String dataHash) {
        String path = "LocalUpload/" + sha256(content) + "/quiz.jsonl";
        arm.dataAssets()
                .defaultDatastoreFile(path, content.getBytes(StandardCharsets.UTF_8))
                .uriFile(name, version, "workspaceblobstore", path, Map.of("data_hash", dataHash));
    }

    private void source(String source) throws IOException {
        Path file = quiz.resolve("experiment.yaml");
        String yaml = Files.readString(file);
        assertThat(yaml.lines().toList().get(QUIZ_DATASET_LINE - 1)).isEqualTo("- name: quiz");
        Files.writeString(file, yaml.replace("source: quiz.jsonl", "source: " + source));
    }

    private CliResult llmops(String... args) {
        CliRun run = CliRun.in(dir);
        arm.environment().forEach(run::env);
        return run.run(args);
    }

    /** With every Azure endpoint on a port nothing listens on. */
    private CliResult offline(String... args) {
        CliRun run = CliRun.in(dir);
        arm.environment().forEach(run::env);
        String dead = "https://127.0.0.1:9";
        run.env("LLMOPS_ARM_ENDPOINT", dead).env("AZURE_AUTHORITY_HOST", dead);
        run.env("LLMOPS_BLOB_ENDPOINT", dead + "/blob/none");
        return run.run(args);
    }

    private JsonNode standardRun(String dataset) throws IOException {
        List<JsonNode> found = runs(quiz, "standard").stream()
                .filter(r -> r.path("dataset").asText().equals(dataset))
                .toList();
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    static String sha256(String content) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
