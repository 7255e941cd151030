package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.testing.arm.FakeArm;
import dev.llmops.testing.arm.FakeArmCall;
import dev.llmops.testing.azurite.Azurite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * {@code llmops data datastore} and {@code llmops data assets}, the steps of {@code dataops_config.json}, against the
 * fake Resource Manager and a real Azurite behind the datastore: the datastore PUT as the REST spec shapes it, the
 * prepared files registered as versioned data assets, and the order mistakes (no datastore, no prepared file).
 */
class DataConfigCommandTest {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static Azurite azurite;

    @TempDir
    Path dir;

    private FakeArm arm;
    private String source;
    private String target;

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
        source = "src" + n;
        target = "prepared" + n;
        azurite.createContainer(target);
        azurite.write(source, "ner_source.csv", DataOpsUseCase.CSV.getBytes(StandardCharsets.UTF_8));
        DataOpsUseCase.write(dir.resolve("ner"), Azurite.ACCOUNT, source, target);
        arm = FakeArm.start();
    }

    @AfterEach
    void stop() {
        arm.close();
    }

    @Test
    void should_create_the_blob_datastore_with_the_account_key_and_never_print_it() {
        // when
        CliResult first = llmops("data", "datastore", "-u", "ner");
        CliResult second = llmops("data", "datastore", "-u", "ner");

        // then
        assertThat(first)
                .succeeded()
                .outContains("created datastore ner_data_store (container " + target + " of storage account "
                        + Azurite.ACCOUNT + ", credentials AccountKey)");
        assertThat(second).succeeded().outContains("updated datastore ner_data_store");
        JsonNode ds = arm.dataAssets().datastore(DataOpsUseCase.DATASTORE).orElseThrow();
        assertThat(ds.path("properties").path("datastoreType").asText()).isEqualTo("AzureBlob");
        assertThat(ds.path("properties").path("accountName").asText()).isEqualTo(Azurite.ACCOUNT);
        assertThat(ds.path("properties").path("containerName").asText()).isEqualTo(target);
        assertThat(ds.path("properties").path("description").asText())
                .isEqualTo("pipeline data store description for evaluation");
        assertThat(ds.path("properties")
                        .path("credentials")
                        .path("credentialsType")
                        .asText())
                .isEqualTo("AccountKey");
        assertThat(arm.dataAssets().datastoreSecret(DataOpsUseCase.DATASTORE)).contains(Azurite.KEY);
        assertThat(arm.writes())
                .extracting(FakeArmCall::brief)
                .containsExactly("PUT /datastores/ner_data_store", "PUT /datastores/ner_data_store");
        for (CliResult r : List.of(first, second)) {
            assertThat(r.out() + r.err()).doesNotContain(Azurite.KEY);
        }
    }

    @Test
    void should_name_the_missing_workspace_settings_and_change_no_datastore() {
        // when
        CliRun run = CliRun.in(dir).env("STORAGE_ACCOUNT_KEY", Azurite.KEY);
        arm.environment().forEach((k, v) -> {
            if (!k.equals("RESOURCE_GROUP_NAME")) {
                run.env(k, v);
            }
        });
        CliResult result = run.run("data", "datastore", "-u", "ner");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("no resource group name given (pass --resource-group or set RESOURCE_GROUP_NAME")
                .errContains("the datastore was not changed.");
        assertThat(arm.calls()).isEmpty();
    }

    @Test
    void should_make_an_identity_based_datastore_without_a_key() {
        // when
        CliRun run = CliRun.in(dir);
        arm.environment().forEach(run::env);
        CliResult result = run.run("data", "datastore", "-u", "ner");

        // then
        assertThat(result)
                .succeeded()
                .outContains("credentials None")
                .errContains("datastore ner_data_store will be identity-based");
        assertThat(arm.dataAssets()
                        .datastore(DataOpsUseCase.DATASTORE)
                        .orElseThrow()
                        .path("properties")
                        .path("credentials")
                        .path("credentialsType")
                        .asText())
                .isEqualTo("None");
    }

    @Test
    void should_show_the_datastore_request_in_a_dry_run_with_the_key_masked_and_change_nothing() {
        // when
        CliResult result = llmops("data", "datastore", "-u", "ner", "--dry-run");

        // then
        assertThat(result)
                .succeeded()
                .outContains("would create datastore ner_data_store: PUT /subscriptions/" + FakeArm.SUBSCRIPTION)
                .outContains("\"key\" : \"***\"")
                .outContains("\"containerName\" : \"" + target + "\"");
        assertThat(result.out() + result.err()).doesNotContain(Azurite.KEY);
        assertThat(arm.writes()).isEmpty();
        assertThat(arm.dataAssets().datastore(DataOpsUseCase.DATASTORE)).isEmpty();
    }

    @Test
    void should_register_the_prepared_files_and_make_a_new_version_only_when_one_changes() {
        // given: the scheduled job's order
        assertThat(llmops("data", "datastore", "-u", "ner")).succeeded();
        assertThat(llmops("data", "prep", "-u", "ner")).succeeded();

        // when
        CliResult first = llmops("data", "assets", "-u", "ner");
        int before = arm.calls().size();
        CliResult again = llmops("data", "assets", "-u", "ner");
        List<FakeArmCall> callsOfAgain = arm.calls().subList(before, arm.calls().size());
        azurite.write(source, "ner_source.csv", "text,entity_type\nnew row,person\n".getBytes(StandardCharsets.UTF_8));
        assertThat(llmops("data", "prep", "-u", "ner")).succeeded();
        CliResult changed = llmops("data", "assets", "-u", "ner");

        // then
        assertThat(first).succeeded();
        assertThat(first.out()).isEqualTo("ner_eval:1\nner_exp:1\n");
        assertThat(again).succeeded().errContains("ner_eval: unchanged, version 1 has this file and hash");
        assertThat(again.out()).isEqualTo("ner_eval:1\nner_exp:1\n");
        assertThat(callsOfAgain).isNotEmpty().noneMatch(FakeArmCall::isWrite);
        assertThat(changed.out()).isEqualTo("ner_eval:2\nner_exp:2\n");
        List<JsonNode> versions = arm.dataAssets().versions("ner_eval");
        assertThat(versions).hasSize(2);
        JsonNode v1 = versions.getFirst().path("properties");
        assertThat(v1.path("dataType").asText()).isEqualTo("uri_file");
        assertThat(v1.path("description").asText()).isEqualTo("NER eval data asset");
        assertThat(v1.path("dataUri").asText())
                .isEqualTo(
                        "azureml://subscriptions/" + FakeArm.SUBSCRIPTION + "/resourcegroups/" + FakeArm.RESOURCE_GROUP
                                + "/workspaces/" + FakeArm.WORKSPACE + "/datastores/ner_data_store/paths/eval.jsonl");
        assertThat(v1.path("tags").path("data_hash").asText())
                .isEqualTo(sha256(DataOpsUseCase.JSONL.getBytes(StandardCharsets.UTF_8)));
        assertThat(versions.get(1)
                        .path("properties")
                        .path("tags")
                        .path("data_hash")
                        .asText())
                .isEqualTo(
                        sha256("{\"text\":\"new row\",\"entity_type\":\"person\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void should_refuse_assets_whose_file_was_not_prepared_and_register_none() {
        // given: the datastore, but only one of the two files
        assertThat(llmops("data", "datastore", "-u", "ner")).succeeded();
        azurite.write(target, "eval.jsonl", "{\"text\": \"x\"}".getBytes(StandardCharsets.UTF_8));

        // when
        CliResult result = llmops("data", "assets", "-u", "ner");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("DATA_ASSETS[1] (ner_exp): exp.jsonl is not on datastore ner_data_store (container "
                        + target + " of storage account " + Azurite.ACCOUNT + ")")
                .errContains("write it first (llmops data prep), or fix PATH; nothing was registered");
        assertThat(arm.dataAssets().assets()).isEmpty();
    }

    @Test
    void should_refuse_assets_on_a_datastore_that_does_not_exist() {
        // when
        CliResult result = llmops("data", "assets", "-u", "ner");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains(
                        "DATA_STORE_NAME: datastore 'ner_data_store' does not exist in workspace " + FakeArm.WORKSPACE)
                .errContains("create it first (llmops data datastore)");
        assertThat(arm.writes()).isEmpty();
    }

    @Test
    void should_refuse_the_config_commands_without_a_config() {
        // when
        CliResult result = llmops("data", "assets", "-u", ".");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains(Path.of("configs", "dataops_config.json") + ": error: DataOps config not found")
                .errContains("or pass --config");
        assertThat(arm.calls()).isEmpty();
    }

    @Test
    void should_read_the_shipped_named_entity_recognition_config() {
        // given
        ShippedUseCases.copy("named_entity_recognition", dir.resolve("ner_shipped"));

        // when: no workspace settings, so nothing can be asked
        CliResult result = CliRun.in(dir).run("data", "assets", "-u", "ner_shipped", "--dry-run");

        // then
        assertThat(result)
                .succeeded()
                .outContains("ner_eval: azureml://datastores/ner_data_store/paths/eval.jsonl -> new version unknown")
                .outContains("ner_exp: azureml://datastores/ner_data_store/paths/exp.jsonl -> new version unknown")
                .errContains("no subscription id given");
        assertThat(arm.calls()).isEmpty();
    }

    private CliResult llmops(String... args) {
        CliRun run = CliRun.in(dir);
        arm.environment().forEach(run::env);
        run.env("LLMOPS_BLOB_ENDPOINT", azurite.blobEndpoint().toString());
        run.env("STORAGE_ACCOUNT_KEY", Azurite.KEY);
        return run.run(args);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
