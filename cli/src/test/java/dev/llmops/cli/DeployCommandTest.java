package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.testing.arm.FakeArm;
import dev.llmops.testing.arm.FakeArmCall;
import dev.llmops.testing.arm.FakeMlWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code llmops deploy} against the HTTPS fake of Resource Manager, through {@link Main#run}. */
class DeployCommandTest extends DeployFixture {

    @Test
    void should_create_endpoint_environment_and_deployment_then_give_a_first_deployment_all_traffic()
            throws IOException {
        // given
        config("blue", "100", "", "");

        // when
        CliResult result = deploy("--build_id", "77", "--output_file", "deploy.json");

        // then
        assertThat(result)
                .succeeded()
                .outContains("creating endpoint test-endpoint")
                .outContains("smoke test passed")
                .outContains("deployed blue to endpoint test-endpoint: traffic blue=100%");
        assertThat(writes())
                .containsExactly(
                        "PUT /models/web_classification_dev/versions/1",
                        "PUT /environments/blue/versions/1",
                        "PUT /onlineEndpoints/test-endpoint",
                        "PUT /onlineEndpoints/test-endpoint/deployments/blue",
                        "PUT /onlineEndpoints/test-endpoint");
        assertThat(ml().traffic("test-endpoint")).containsExactly(Map.entry("blue", 100));

        JsonNode endpointPut = arm.writes().get(2).json();
        assertThat(endpointPut.path("location").asText()).isEqualTo(FakeArm.LOCATION);
        assertThat(endpointPut.path("properties").path("authMode").asText()).isEqualTo("Key");
        assertThat(endpointPut.path("properties").has("traffic")).isFalse();
        assertThat(endpointPut.path("tags").path("build_id").asText()).isEqualTo("77");

        JsonNode env = arm.writes().get(1).json().path("properties");
        assertThat(env.path("image").asText()).isEqualTo(IMAGE);
        assertThat(env.path("inferenceConfig").path("scoringRoute").toString())
                .isEqualTo("{\"path\":\"/score\",\"port\":8080}");

        JsonNode dep = arm.writes().get(3).json();
        assertThat(dep.path("sku").toString()).isEqualTo("{\"name\":\"Default\",\"capacity\":2}");
        JsonNode p = dep.path("properties");
        assertThat(p.path("endpointComputeType").asText()).isEqualTo("Managed");
        assertThat(p.path("instanceType").asText()).isEqualTo("Standard_F4s_v2");
        assertThat(p.path("environmentId").asText()).endsWith("/environments/blue/versions/1");
        assertThat(p.path("model").asText()).endsWith("/models/web_classification_dev/versions/1");
        JsonNode model = arm.writes().get(0).json().path("properties");
        String hash = model.path("tags").path("model_hash").asText();
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(model.path("tags").path("build_id").asText()).isEqualTo("77");
        assertThat(model.path("modelUri").asText())
                .isEqualTo(
                        "azureml://subscriptions/" + FakeArm.SUBSCRIPTION + "/resourceGroups/" + FakeArm.RESOURCE_GROUP
                                + "/workspaces/" + FakeArm.WORKSPACE
                                + "/datastores/workspaceblobstore/paths/LocalUpload/" + hash
                                + "/experiment");
        assertThat(arm.blobs()).containsKey("azureml-blobstore-0001/LocalUpload/" + hash + "/experiment/flow.dag.yaml");
        assertThat(new String(
                        arm.blobs().get("azureml-blobstore-0001/LocalUpload/" + hash + "/experiment/flow.dag.yaml")))
                .isEqualTo(Files.readString(useCase.resolve("flows/experiment/flow.dag.yaml")));
        assertThat(p.path("requestSettings").path("requestTimeout").asText()).isEqualTo("PT3M");
        List<String> names = new java.util.ArrayList<>();
        p.path("environmentVariables").properties().forEach(e -> names.add(e.getKey()));
        assertThat(names)
                .containsSubsequence(
                        "example-name",
                        "MAX_TOTAL_TOKEN",
                        "AOAI_API_KEY",
                        "PROMPTFLOW_RUN_MODE",
                        "PRT_CONFIG_OVERRIDE");
        assertThat(p.path("environmentVariables").path("AOAI_API_KEY").asText()).isEqualTo("aoai-secret-key-value");
        assertThat(result.out() + result.err()).doesNotContain("aoai-secret-key-value");

        FakeArmCall score = arm.calls(c -> c.path().startsWith("/score/")).getFirst();
        assertThat(score.header("azureml-model-deployment")).isEqualTo("blue");
        assertThat(score.header("authorization")).isEqualTo("Bearer " + ml().primaryKey("test-endpoint"));
        assertThat(score.json())
                .isEqualTo(JSON.readTree(useCase.resolve("sample-request.json").toFile()));
        int scoredAt = arm.calls()
                .indexOf(arm.calls(c -> c.path().startsWith("/score/")).getFirst());
        int trafficAt = arm.calls().lastIndexOf(arm.writes().getLast());
        assertThat(scoredAt).isLessThan(trafficAt);

        JsonNode summary = JSON.readTree(dir.resolve("deploy.json").toFile());
        assertThat(summary.path("deployments").get(0).path("traffic").toString())
                .isEqualTo("{\"blue\":100}");
        assertThat(summary.path("deployments").get(0).path("scoring_uri").asText())
                .isEqualTo(arm.endpoint() + "/score/test-endpoint");
        assertThat(Files.readString(dir.resolve("deploy.json"))).doesNotContain(ml().primaryKey("test-endpoint"));
    }

    @Test
    void should_split_90_10_on_the_template_fixture_after_the_prior_deployment_serves() throws IOException {
        // given: the prior deployment serves all traffic
        config("test-prior-deployment", "100", "", "");
        assertThat(deploy()).succeeded();
        templateFixture();
        int before = arm.writes().size();

        // when
        CliResult result = deploy();

        // then
        assertThat(result).succeeded().outContains("endpoint test-endpoint exists; kept as it is");
        assertThat(writes().subList(before, writes().size()))
                .containsExactly(
                        "PUT /environments/llmopscompute/versions/1",
                        "PUT /onlineEndpoints/test-endpoint/deployments/llmopscompute",
                        "PUT /onlineEndpoints/test-endpoint");
        assertThat(ml().traffic("test-endpoint"))
                .containsExactly(Map.entry("llmopscompute", 90), Map.entry("test-prior-deployment", 10));
        JsonNode dep = ml().deployment("test-endpoint", "llmopscompute").orElseThrow();
        assertThat(dep.path("properties")
                        .path("environmentVariables")
                        .path("test-key")
                        .asText())
                .isEqualTo("test-value");
        assertThat(dep.path("properties").path("instanceType").asText()).isEqualTo("test-vm-size");
    }

    @Test
    void should_give_100_to_the_first_deployment_even_when_the_config_says_90() throws IOException {
        // given
        templateFixture();

        // when
        CliResult result = deploy();

        // then
        assertThat(result).succeeded().outContains("first deployment, so it takes 100%");
        assertThat(ml().traffic("test-endpoint")).containsExactly(Map.entry("llmopscompute", 100));
    }

    @Test
    void should_keep_traffic_and_exit_1_with_the_response_and_logs_when_the_smoke_test_fails() throws IOException {
        // given
        config("blue", "100", "", "");
        assertThat(deploy()).succeeded();
        config("green", "90", "blue", "10");
        ml().scorer("green", FakeMlWorkspace.Scorer.fixed(500, "{\"error\":{\"message\":\"flow crashed: KeyError\"}}"))
                .logs("green", "line 1\nTraceback (most recent call last)\nKeyError: 'url'\n");

        // when
        CliResult result = deploy();

        // then
        assertThat(result)
                .exitedWith(1)
                .errContains("smoke test of deployment green failed: sample-request.json scored HTTP 500")
                .errContains("flow crashed: KeyError")
                .errContains("KeyError: 'url'")
                .errContains("traffic left as it was (blue=100%)");
        assertThat(ml().traffic("test-endpoint")).containsExactly(Map.entry("blue", 100));
        assertThat(writes()).last().isEqualTo("PUT /onlineEndpoints/test-endpoint/deployments/green");
    }

    @Test
    void should_keep_traffic_when_the_deployment_ends_failed() throws IOException {
        // given
        config("blue", "100", "", "");
        assertThat(deploy()).succeeded();
        config("green", "50", "blue", "");
        ml().failDeployment("green", "ImagePullFailure", "the image could not be pulled from myacr");

        // when
        CliResult result = deploy();

        // then
        assertThat(result)
                .exitedWith(1)
                .errContains("deployment green of endpoint test-endpoint failed")
                .errContains("ImagePullFailure: the image could not be pulled from myacr")
                .errContains("last lines of the deployment's log");
        assertThat(ml().traffic("test-endpoint")).containsExactly(Map.entry("blue", 100));
    }

    @Test
    void should_refuse_traffic_that_does_not_add_up_before_calling_azure() throws IOException {
        // given
        config("green", "90", "blue", "20");

        // when
        CliResult result = deploy();

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("deployment_config.json:")
                .errContains("traffic does not add up to 100: CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION 90 +"
                        + " PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION 20 = 110")
                .errContains("nothing was deployed");
        assertThat(arm.calls()).isEmpty();
    }

    @Test
    void should_name_a_prior_deployment_the_endpoint_does_not_have_before_any_change() throws IOException {
        // given
        config("blue", "100", "", "");
        assertThat(deploy()).succeeded();
        config("green", "90", "purple", "");
        int before = arm.writes().size();

        // when
        CliResult result = deploy();

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("PRIOR_DEPLOYMENT_NAME 'purple' is not a deployment of endpoint test-endpoint (it has"
                        + " blue)");
        assertThat(arm.writes()).hasSize(before);
    }

    @Test
    void should_name_the_missing_role_and_scope_on_403_before_any_change() throws IOException {
        // given
        config("blue", "100", "", "");
        arm.fail(
                "GET",
                "/workspaces/" + FakeArm.WORKSPACE,
                1,
                403,
                "AuthorizationFailed",
                "The client does not have authorization to perform action"
                        + " 'Microsoft.MachineLearningServices/workspaces/read'");

        // when
        CliResult result = deploy();

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("AuthorizationFailed")
                .errContains("lacks a role on /subscriptions/" + FakeArm.SUBSCRIPTION)
                .errContains("AzureML Data Scientist");
        assertThat(arm.writes()).isEmpty();
    }

    @Test
    void should_list_every_missing_azure_setting() throws IOException {
        // given
        config("blue", "100", "", "");
        CliRun run = CliRun.in(dir).env("AOAI_API_KEY", "k").env("AOAI_API_BASE", "https://x");

        // when
        CliResult result =
                run.run("deploy", "-u", "web_classification", "-e", "dev", "--image", IMAGE, "-g", "rg-llmops");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("pass --subscription_id or set SUBSCRIPTION_ID")
                .errContains("pass --workspace or set WORKSPACE_NAME");
        assertThat(result.err()).doesNotContain("RESOURCE_GROUP_NAME");
    }

    @Test
    void should_require_an_image_for_now() throws IOException {
        // given
        config("blue", "100", "", "");

        // when
        CliResult result = llmops("deploy", "-u", "web_classification", "-e", "dev");

        // then
        assertThat(result).exitedWith(2).errContains("no image to deploy").errContains("pass --image");
        assertThat(arm.calls()).isEmpty();
    }

    @Test
    void should_reuse_the_environment_version_when_the_image_is_unchanged() throws IOException {
        // given
        config("blue", "100", "", "");
        assertThat(deploy()).succeeded();

        // when
        CliResult again = deploy();

        // then
        assertThat(again).succeeded().outContains("environment blue:1 already runs " + IMAGE);
        assertThat(ml().environmentVersions("blue")).hasSize(1);
        assertThat(ml().modelVersions("web_classification_dev")).hasSize(1);
        assertThat(again.out()).contains("has the flow's hash; no new version");
        assertThat(ml().traffic("test-endpoint")).containsExactly(Map.entry("blue", 100));
        assertThat(writes())
                .filteredOn(w -> w.equals("PUT /onlineEndpoints/test-endpoint"))
                .hasSize(3); // create, traffic, traffic again: never a second create
    }

    @Test
    void should_register_a_new_model_version_only_when_the_flow_changes() throws IOException {
        // given
        config("blue", "100", "", "");
        assertThat(deploy()).succeeded();
        Files.writeString(useCase.resolve("flows/experiment/extra.txt"), "changed");

        // when
        CliResult result = deploy();

        // then
        assertThat(result).succeeded().outContains("registering model web_classification_dev:2");
        assertThat(ml().modelVersions("web_classification_dev")).hasSize(2);
        assertThat(ml().deployment("test-endpoint", "blue")
                        .orElseThrow()
                        .path("properties")
                        .path("model")
                        .asText())
                .endsWith("/versions/2");
        assertThat(arm.blobs().keySet()).anyMatch(k -> k.endsWith("/experiment/extra.txt"));
    }
}
