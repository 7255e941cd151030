package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.testing.arm.FakeArm;
import dev.llmops.testing.arm.FakeArmCall;
import dev.llmops.testing.azurite.Azurite;
import dev.llmops.testing.azurite.BlobProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmops data register} against the fake Resource Manager (data assets, datastores, {@code listSecrets}) and a
 * real Azurite behind the workspace's default datastore: uploaded bytes and paths, versions made only on a hash
 * change, an interrupted upload resumed, dry runs that change nothing, and bad input refused before any call.
 */
class DataRegisterCommandTest {

    private static final String DATASTORE = "azurite_store";
    private static final AtomicInteger CONTAINERS = new AtomicInteger();
    private static Azurite azurite;

    @TempDir
    Path dir;

    private FakeArm arm;
    private Path quiz;
    private String container;

    @BeforeAll
    static void startAzurite() {
        azurite = Azurite.start();
    }

    @AfterAll
    static void stopAzurite() {
        azurite.close();
    }

    @BeforeEach
    void start() throws IOException {
        container = "register" + CONTAINERS.incrementAndGet();
        azurite.createContainer(container);
        arm = FakeArm.start();
        arm.dataAssets().defaultDatastore(DATASTORE, Azurite.ACCOUNT, container, Azurite.KEY);
        quiz = QuizUseCase.write(dir.resolve("quiz"), "");
    }

    @AfterEach
    void stop() {
        arm.close();
    }

    @Test
    void should_upload_every_dataset_to_a_content_addressed_path_and_register_version_1() throws IOException {
        // when
        CliResult result = llmops("data", "register", "-u", "quiz");

        // then: standard datasets, then the evaluators' own, one line each
        assertThat(result).succeeded();
        assertThat(result.out()).isEqualTo(lines("quiz:1", "other:1", "quiz_truth:1", "other_truth:1"));
        List<String> files = List.of("quiz.jsonl", "other.jsonl", "quiz_truth.jsonl", "other_truth.jsonl");
        assertThat(azurite.list(container))
                .containsExactlyInAnyOrderElementsOf(
                        files.stream().map(this::blobPath).toList());
        for (String f : files) {
            assertThat(azurite.read(container, blobPath(f))).contains(Files.readAllBytes(quiz.resolve(f)));
        }
        JsonNode version = single(arm.dataAssets().versions("quiz"));
        assertThat(version.path("name").asText()).isEqualTo("1");
        assertThat(version.path("properties").path("dataType").asText()).isEqualTo("uri_file");
        assertThat(version.path("properties").path("tags").path("data_hash").asText())
                .isEqualTo(sha256(quiz.resolve("quiz.jsonl")));
        assertThat(version.path("properties").path("dataUri").asText())
                .isEqualTo(
                        "azureml://subscriptions/" + FakeArm.SUBSCRIPTION + "/resourcegroups/" + FakeArm.RESOURCE_GROUP
                                + "/workspaces/" + FakeArm.WORKSPACE + "/datastores/" + DATASTORE + "/paths/"
                                + blobPath("quiz.jsonl"));
        assertThat(result.err()).contains("quiz: uploading quiz.jsonl (").contains("quiz: registered version 1");
    }

    @Test
    void should_register_a_shipped_use_case_as_the_pipelines_call_it_without_model_secrets() throws IOException {
        // given
        Path ner = ShippedUseCases.copy("named_entity_recognition", dir.resolve("ner"));

        // when: the main pipeline's step; AOAI_API_KEY is not set and is not needed
        CliResult result = llmops("data", "register", "-u", "ner", "-e", "dev");

        // then
        assertThat(result).succeeded();
        assertThat(result.out()).isEqualTo(lines("named_entity_recognition_train:1"));
        JsonNode version = single(arm.dataAssets().versions("named_entity_recognition_train"));
        assertThat(version.path("properties").path("description").asText())
                .startsWith("32 texts with the entity type to extract");
        String sha = sha256(ner.resolve("data/data.jsonl"));
        assertThat(azurite.read(container, "llmops/data/" + sha + "/data.jsonl"))
                .contains(Files.readAllBytes(ner.resolve("data/data.jsonl")));
    }

    @Test
    void should_make_no_new_version_when_the_file_is_unchanged() {
        // given
        assertThat(llmops("data", "register", "-u", "quiz")).succeeded();
        List<String> blobs = azurite.list(container);
        int before = arm.calls().size();

        // when
        CliResult again = llmops("data", "register", "-u", "quiz");

        // then
        assertThat(again).succeeded().errContains("quiz: unchanged, version 1 has SHA-256");
        assertThat(again.out()).isEqualTo(lines("quiz:1", "other:1", "quiz_truth:1", "other_truth:1"));
        assertThat(arm.calls().subList(before, arm.calls().size()))
                .noneMatch(FakeArmCall::isWrite)
                .noneMatch(c -> c.path().endsWith("/listSecrets"));
        assertThat(azurite.list(container)).isEqualTo(blobs);
        assertThat(arm.dataAssets().versions("quiz")).hasSize(1);
    }

    @Test
    void should_make_the_next_version_of_a_changed_file_only() throws IOException {
        // given
        assertThat(llmops("data", "register", "-u", "quiz")).succeeded();
        String first = sha256(quiz.resolve("quiz.jsonl"));
        Files.writeString(quiz.resolve("quiz.jsonl"), "{\"question\": \"capital of Peru\", \"expected\": \"Lima\"}\n");
        String second = sha256(quiz.resolve("quiz.jsonl"));

        // when
        CliResult result = llmops("data", "register", "-u", "quiz");

        // then
        assertThat(result)
                .succeeded()
                .errContains("quiz: registered version 2 (version 1 has " + first.substring(0, 12));
        assertThat(result.out()).isEqualTo(lines("quiz:2", "other:1", "quiz_truth:1", "other_truth:1"));
        assertThat(arm.dataAssets().versions("quiz"))
                .extracting(
                        v -> v.path("properties").path("tags").path("data_hash").asText())
                .containsExactly(first, second);
        assertThat(arm.dataAssets().versions("other")).hasSize(1);
        assertThat(azurite.read(container, "llmops/data/" + second + "/quiz.jsonl"))
                .contains(Files.readAllBytes(quiz.resolve("quiz.jsonl")));
        assertThat(azurite.read(container, "llmops/data/" + first + "/quiz.jsonl"))
                .as("version 1's file stays where version 1 points")
                .isPresent();
    }

    @Test
    void should_take_the_next_number_when_another_registration_took_it_meanwhile() {
        // given: Resource Manager refuses the first PUT of version 1, as when a parallel job registered it first
        arm.fail("PUT", "/data/quiz/versions/1", 1, 409, "UserError", "Data version quiz:1 already exists");

        // when
        CliResult result = llmops("data", "register", "-u", "quiz");

        // then
        assertThat(result).succeeded();
        assertThat(result.out()).startsWith("quiz:1\n");
        assertThat(arm.calls(c -> c.method().equals("PUT") && c.path().endsWith("/data/quiz/versions/1")))
                .extracting(FakeArmCall::status)
                .containsExactly(409, 201);
    }

    @Test
    void should_resume_an_interrupted_upload_and_register_only_once_it_committed() throws IOException {
        // given: a file of six 64 KiB blocks, and a Blob service that refuses all after the second block
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 5 * 64 * 1024 + 100; i++) {
            big.append("{\"question\": \"question ")
                    .append(i)
                    .append("\", \"expected\": \"answer ")
                    .append(i)
                    .append("\"}\n");
        }
        Files.writeString(quiz.resolve("quiz.jsonl"), big);
        String path = blobPath("quiz.jsonl");
        CliResult interrupted;
        try (BlobProxy proxy = BlobProxy.failingAfterBlocks(azurite, 2)) {
            interrupted =
                    run(proxy.blobEndpoint().toString(), "data", "register", "-u", "quiz", "--block-size", "64KiB");
        }
        assertThat(interrupted)
                .exitedWith(2)
                .errContains("HTTP 403")
                .errContains("quiz: upload interrupted; nothing was registered for it. Run the command again");
        assertThat(arm.dataAssets().versions("quiz")).isEmpty();
        assertThat(azurite.read(container, path)).isEmpty();
        assertThat(azurite.client().uncommittedBlocks(container, path)).isEqualTo(2);

        // when
        CliResult resumed = llmops("data", "register", "-u", "quiz", "--block-size", "64KiB");

        // then
        assertThat(resumed)
                .succeeded()
                .errContains(
                        "quiz: resumed an interrupted upload: 2 of 6 blocks were staged already and not sent again")
                .errContains(" KiB (100%)");
        assertThat(resumed.out()).startsWith("quiz:1\n");
        assertThat(azurite.read(container, path)).contains(Files.readAllBytes(quiz.resolve("quiz.jsonl")));
        assertThat(single(arm.dataAssets().versions("quiz"))
                        .path("properties")
                        .path("tags")
                        .path("data_hash")
                        .asText())
                .isEqualTo(sha256(quiz.resolve("quiz.jsonl")));
    }

    @Test
    void should_list_files_hashes_and_planned_versions_in_a_dry_run_and_change_nothing() throws IOException {
        // given: version 1 of everything, then quiz changes
        assertThat(llmops("data", "register", "-u", "quiz")).succeeded();
        Files.writeString(quiz.resolve("quiz.jsonl"), "{\"question\": \"capital of Peru\", \"expected\": \"Lima\"}\n");
        List<String> blobs = azurite.list(container);
        int before = arm.calls().size();

        // when
        CliResult result = llmops("data", "register", "-u", "quiz", "--dry-run");

        // then
        assertThat(result)
                .succeeded()
                .outContains("quiz: quiz.jsonl sha256 " + sha256(quiz.resolve("quiz.jsonl"))
                        + " -> new version 2 (version 1 has another hash)")
                .outContains("other: other.jsonl sha256 " + sha256(quiz.resolve("other.jsonl"))
                        + " -> unchanged (version 1 has this hash)");
        List<FakeArmCall> calls = arm.calls().subList(before, arm.calls().size());
        assertThat(calls)
                .isNotEmpty()
                .allMatch(c -> c.method().equals("GET") || c.path().contains("/oauth2/"));
        assertThat(azurite.list(container)).isEqualTo(blobs);
        assertThat(arm.dataAssets().versions("quiz")).hasSize(1);
    }

    @Test
    void should_dry_run_without_workspace_settings_calling_nothing() throws IOException {
        // when
        CliResult result = CliRun.in(dir).run("data", "register", "-u", "quiz", "--dry-run");

        // then
        assertThat(result)
                .succeeded()
                .outContains("quiz: quiz.jsonl sha256 " + sha256(quiz.resolve("quiz.jsonl"))
                        + " -> new version unknown (no workspace settings)")
                .errContains("note: no subscription id given: pass --subscription_id or set SUBSCRIPTION_ID");
        assertThat(arm.calls()).isEmpty();
    }

    @Test
    void should_write_the_result_as_json_to_the_output_file() throws IOException {
        // when
        CliResult first = llmops("data", "register", "-u", "quiz", "--output-file", "out/assets.json");
        JsonNode created =
                new ObjectMapper().readTree(dir.resolve("out/assets.json").toFile());
        CliResult second = llmops("data", "register", "-u", "quiz", "--output-file", "out/assets.json");
        JsonNode unchanged =
                new ObjectMapper().readTree(dir.resolve("out/assets.json").toFile());

        // then
        assertThat(first).succeeded();
        assertThat(second).succeeded();
        assertThat(created.path("dry_run").asBoolean()).isFalse();
        assertThat(created.path("workspace").path("name").asText()).isEqualTo(FakeArm.WORKSPACE);
        JsonNode quizAsset = created.path("assets").get(0);
        assertThat(quizAsset.path("name").asText()).isEqualTo("quiz");
        assertThat(quizAsset.path("version").asText()).isEqualTo("1");
        assertThat(quizAsset.path("action").asText()).isEqualTo("created");
        assertThat(quizAsset.path("file").asText()).isEqualTo("quiz.jsonl");
        assertThat(quizAsset.path("sha256").asText()).isEqualTo(sha256(quiz.resolve("quiz.jsonl")));
        assertThat(quizAsset.path("upload").path("path").asText()).isEqualTo(blobPath("quiz.jsonl"));
        assertThat(quizAsset.path("upload").path("datastore").asText()).isEqualTo(DATASTORE);
        assertThat(created.path("assets")).hasSize(4);
        assertThat(unchanged.path("assets"))
                .allSatisfy(a -> assertThat(a.path("action").asText()).isEqualTo("unchanged"))
                .extracting(a -> a.path("version").asText())
                .containsOnly("1");
    }

    @Test
    void should_skip_a_dataset_that_is_a_data_asset_already() throws IOException {
        // given
        Path file = quiz.resolve("experiment.yaml");
        Files.writeString(
                file, Files.readString(file).replace("source: other.jsonl", "source: azureml:other_data@latest"));
        arm.dataAssets().uriFile("other_data", "3", DATASTORE, "other.jsonl", java.util.Map.of());

        // when
        CliResult result = llmops("data", "register", "-u", "quiz");

        // then
        assertThat(result)
                .succeeded()
                .errContains("note: dataset 'other' reads data asset azureml:other_data@latest (version 3) already; not"
                        + " registered");
        assertThat(result.out()).isEqualTo(lines("quiz:1", "quiz_truth:1", "other_truth:1"));
        assertThat(arm.dataAssets().assets()).containsExactly("other_data", "quiz", "quiz_truth", "other_truth");
    }

    @Test
    void should_refuse_a_data_asset_source_that_does_not_exist_before_uploading_anything() throws IOException {
        // given
        Path file = quiz.resolve("experiment.yaml");
        Files.writeString(file, Files.readString(file).replace("source: other.jsonl", "source: azureml:other_dta:2"));
        arm.dataAssets().uriFile("other_data", "3", DATASTORE, "other.jsonl", java.util.Map.of());

        // when
        CliResult result = llmops("data", "register", "-u", "quiz");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains(Path.of("quiz", "experiment.yaml") + ":" + line("- name: other") + ":")
                .errContains("dataset 'other' reads azureml:other_dta:2: data asset 'other_dta' does not exist in"
                        + " workspace " + FakeArm.WORKSPACE)
                .errContains("its data assets: other_data")
                .errContains("nothing was registered.");
        assertThat(azurite.list(container)).isEmpty();
        assertThat(arm.writes()).isEmpty();
    }

    @Test
    void should_register_what_an_azureml_source_then_reads() throws IOException {
        // given: quiz registered as version 1
        assertThat(llmops("data", "register", "-u", "quiz")).succeeded();
        String sha = sha256(quiz.resolve("quiz.jsonl"));
        Path file = quiz.resolve("experiment.yaml");
        Files.writeString(file, Files.readString(file).replace("source: quiz.jsonl", "source: azureml:quiz:1"));

        // when: the experiment reads the data asset instead of the file
        CliResult result = llmops("validate", "-u", "quiz");

        // then: downloaded from Azurite through the datastore, and its data_hash checked
        assertThat(result)
                .succeeded()
                .outContains("azureml:quiz:1 -> azureml:quiz:1 (sha256 " + sha.substring(0, 12) + ", downloaded)");
    }

    @Test
    void should_name_the_missing_workspace_settings_and_call_nothing() {
        // when
        CliRun run = CliRun.in(dir);
        arm.environment().forEach((k, v) -> {
            if (!k.equals("SUBSCRIPTION_ID") && !k.equals("WORKSPACE_NAME")) {
                run.env(k, v);
            }
        });
        CliResult result = run.run("data", "register", "-u", "quiz");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("no subscription id given (pass --subscription_id or set SUBSCRIPTION_ID")
                .errContains("no workspace name given (pass --workspace or set WORKSPACE_NAME")
                .errContains("nothing was registered.");
        assertThat(arm.calls()).isEmpty();
        assertThat(azurite.list(container)).isEmpty();
    }

    @Test
    void should_refuse_a_missing_dataset_file_at_its_dataset_before_calling_azure() throws IOException {
        // given
        Files.delete(quiz.resolve("other_truth.jsonl"));

        // when
        CliResult result = llmops("data", "register", "-u", "quiz");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains(Path.of("quiz", "experiment.yaml") + ":" + line("  - name: other_truth") + ":")
                .errContains(
                        "data file of dataset 'other_truth' not found: neither " + quiz.resolve("other_truth.jsonl")
                                + " nor " + quiz.resolve("data/other_truth.jsonl") + " exists")
                .errContains("fix the dataset's source 'other_truth.jsonl'")
                .errContains("nothing was registered.");
        assertThat(arm.calls()).isEmpty();
        assertThat(azurite.list(container)).isEmpty();
    }

    @Test
    void should_refuse_a_datastore_that_does_not_exist() {
        // when
        CliResult result = llmops("data", "register", "-u", "quiz", "--datastore", "no_such_store");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("datastore 'no_such_store' does not exist in workspace " + FakeArm.WORKSPACE)
                .errContains("llmops data datastore");
        assertThat(arm.writes()).isEmpty();
        assertThat(arm.dataAssets().assets()).isEmpty();
    }

    @Test
    void should_never_print_the_datastore_key() throws IOException {
        // given
        String key = arm.dataAssets().defaultDatastoreKey();

        // when
        CliResult result = llmops("data", "register", "-u", "quiz", "--output-file", "assets.json");

        // then
        assertThat(result).succeeded();
        assertThat(arm.calls(c -> c.path().endsWith("/listSecrets"))).hasSize(1);
        assertThat(result.out() + result.err()).doesNotContain(key);
        assertThat(Files.readString(dir.resolve("assets.json"))).doesNotContain(key);
    }

    // -- helpers -------------------------------------------------------------------------------------------

    private CliResult llmops(String... args) {
        return run(azurite.blobEndpoint().toString(), args);
    }

    private CliResult run(String blobEndpoint, String... args) {
        CliRun run = CliRun.in(dir);
        arm.environment().forEach(run::env);
        run.env("LLMOPS_BLOB_ENDPOINT", blobEndpoint);
        return run.run(args);
    }

    private String blobPath(String file) {
        return "llmops/data/" + sha256(quiz.resolve(file)) + "/" + file;
    }

    private int line(String text) throws IOException {
        return Files.readAllLines(quiz.resolve("experiment.yaml")).indexOf(text) + 1;
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    private static JsonNode single(List<JsonNode> versions) {
        assertThat(versions).hasSize(1);
        return versions.getFirst();
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
