package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.testing.arm.FakeArm;
import dev.llmops.testing.arm.FakeArmCall;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The template's bugs that {@code llmops deploy} fixes, its spellings, shadow traffic and Resource Manager's
 * 401/403, through {@link Main#run} against the HTTPS fake of Resource Manager.
 */
class DeployAmlRulesCommandTest extends DeployFixture {

    @Test
    void should_never_send_an_empty_traffic_key_when_the_prior_name_is_empty() throws IOException {
        // given: blue serves; the template would now send {"green": "100", "": 0}
        config("blue", "100", "", "");
        assertThat(deploy()).succeeded();
        config("green", "100", "", "");

        // when
        CliResult result = deploy();

        // then
        assertThat(result).succeeded().outContains("note: blue had 100% and gets 0%");
        JsonNode traffic = arm.writes().getLast().json().path("properties").path("traffic");
        assertThat(traffic.toString()).isEqualTo("{\"green\":100}");
        assertThat(ml().traffic("test-endpoint")).doesNotContainKey("").containsEntry("green", 100);
        assertThat(ml().deployments("test-endpoint")).containsExactlyInAnyOrder("blue", "green");
    }

    @Test
    void should_honour_the_prior_allocation_as_numbers() throws IOException {
        // given
        config("blue", "100", "", "");
        assertThat(deploy()).succeeded();
        config("green", "75", "blue", "25");

        // when
        CliResult result = deploy();

        // then
        assertThat(result).succeeded();
        JsonNode traffic = arm.writes().getLast().json().path("properties").path("traffic");
        assertThat(traffic.path("green").isInt()).isTrue();
        assertThat(traffic.toString()).isEqualTo("{\"green\":75,\"blue\":25}");
    }

    @Test
    void should_refuse_a_current_share_below_100_without_a_prior_before_any_call() throws IOException {
        // given
        config("green", "90", "", "");

        // when
        CliResult result = deploy();

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains(
                        "CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION is 90 but no PRIOR_DEPLOYMENT_NAME takes the other 10");
        assertThat(arm.calls()).isEmpty();
    }

    @Test
    void should_mirror_a_share_to_the_new_deployment_and_promote_turns_it_off() throws IOException {
        // given
        config("blue", "100", "", "");
        assertThat(deploy()).succeeded();
        config("green", "90", "blue", "10");

        // when
        CliResult mirrored = deploy("--mirror", "20", "--output-file", "out/dev.json");

        // then
        assertThat(mirrored).succeeded().outContains("traffic green=90%, blue=10%, mirror green=20%");
        assertThat(ml().mirrorTraffic("test-endpoint")).containsExactly(Map.entry("green", 20));
        JsonNode summary = JSON.readTree(dir.resolve("out/dev.json").toFile())
                .path("deployments")
                .get(0);
        assertThat(summary.path("mirror_traffic").toString()).isEqualTo("{\"green\":20}");
        assertThat(summary.path("model_version").asText()).isEqualTo("1");
        assertThat(summary.path("scoring_uri").asText()).isEqualTo(arm.endpoint() + "/score/test-endpoint");

        CliResult promoted = llmops("deploy", "promote", "-u", "web_classification", "-e", "dev");
        assertThat(promoted).succeeded();
        assertThat(ml().traffic("test-endpoint")).containsExactly(Map.entry("green", 100));
        assertThat(ml().mirrorTraffic("test-endpoint").values()).allMatch(v -> v == 0);
    }

    @Test
    void should_refuse_mirror_above_50_before_any_call() throws IOException {
        // given
        config("blue", "100", "", "");

        // when
        CliResult result = deploy("--mirror", "60");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("--mirror 60 is out of range")
                .errContains("0 to 50 percent");
        assertThat(arm.calls()).isEmpty();
    }

    @Test
    void should_accept_the_template_spellings_for_the_workspace_build_and_summary() throws IOException {
        // given: sign-in only; the workspace comes from the template's flags
        config("blue", "100", "", "");
        CliRun run = CliRun.in(dir).env("AOAI_API_KEY", "aoai-secret-key-value").env("AOAI_API_BASE", "https://x");
        arm.environment().forEach((k, v) -> {
            if (!k.equals("SUBSCRIPTION_ID") && !k.equals("RESOURCE_GROUP_NAME") && !k.equals("WORKSPACE_NAME")) {
                run.env(k, v);
            }
        });

        // when
        CliResult result = run.run(
                "deploy",
                "-u",
                "web_classification",
                "-e",
                "dev",
                "--image",
                IMAGE,
                "--subscription_id",
                FakeArm.SUBSCRIPTION,
                "--resource_group_name",
                FakeArm.RESOURCE_GROUP,
                "--workspace_name",
                FakeArm.WORKSPACE,
                "--build_id",
                "run-9",
                "--output_file",
                "summary.json");

        // then
        assertThat(result).succeeded();
        JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.path("subscription_id").asText()).isEqualTo(FakeArm.SUBSCRIPTION);
        assertThat(summary.path("workspace").asText()).isEqualTo(FakeArm.WORKSPACE);
        assertThat(ml().deployment("test-endpoint", "blue")
                        .orElseThrow()
                        .path("tags")
                        .path("build_id")
                        .asText())
                .isEqualTo("run-9");
    }

    @Test
    void should_say_the_token_was_refused_on_401_before_any_change() throws IOException {
        // given
        config("blue", "100", "", "");
        arm.fail(
                "GET",
                "/workspaces/" + FakeArm.WORKSPACE,
                1,
                401,
                "InvalidAuthenticationToken",
                "The access token is from the wrong issuer");

        // when
        CliResult result = deploy();

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("InvalidAuthenticationToken")
                .errContains("The token was not accepted")
                .errContains("AZURE_TENANT_ID, AZURE_CLIENT_ID");
        assertThat(arm.writes()).isEmpty();
    }

    @Test
    void should_name_the_role_and_the_workspace_scope_when_a_write_is_refused_and_keep_traffic() throws IOException {
        // given: blue serves; the identity may read but not write deployments
        config("blue", "100", "", "");
        assertThat(deploy()).succeeded();
        config("green", "90", "blue", "10");
        arm.fail(
                "PUT",
                "/deployments/green",
                1,
                403,
                "AuthorizationFailed",
                "The client does not have authorization to perform action"
                        + " 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/write'");

        // when
        CliResult result = deploy();

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("onlineEndpoints/deployments/write")
                .errContains("lacks a role on /subscriptions/" + FakeArm.SUBSCRIPTION + "/resourceGroups/"
                        + FakeArm.RESOURCE_GROUP + "/providers/Microsoft.MachineLearningServices/workspaces/"
                        + FakeArm.WORKSPACE)
                .errContains("AzureML Data Scientist");
        assertThat(ml().traffic("test-endpoint")).containsExactly(Map.entry("blue", 100));
        assertThat(arm.writes())
                .filteredOn(c -> c.status() < 400)
                .extracting(FakeArmCall::brief)
                .doesNotContain("PUT /onlineEndpoints/test-endpoint/deployments/green");
    }

    @Test
    void should_stop_before_any_write_when_the_identity_may_only_read() throws IOException {
        // given: a Reader-like role on the workspace
        config("blue", "100", "", "");
        arm.permissions(List.of("Microsoft.MachineLearningServices/workspaces/*/read"), List.of());

        // when
        CliResult result = deploy();

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("may not Microsoft.MachineLearningServices/workspaces/onlineEndpoints/write,"
                        + " Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/write,"
                        + " Microsoft.MachineLearningServices/workspaces/onlineEndpoints/listKeys/action on"
                        + " /subscriptions/" + FakeArm.SUBSCRIPTION)
                .errContains("grant it 'AzureML Data Scientist' on the workspace")
                .errContains("nothing was changed");
        assertThat(arm.writes()).isEmpty();
        assertThat(arm.calls())
                .extracting(FakeArmCall::path)
                .anyMatch(p -> p.endsWith(
                        "/workspaces/" + FakeArm.WORKSPACE + "/providers/Microsoft.Authorization/permissions"));
    }

    @Test
    void should_deploy_with_the_data_scientist_role_and_refuse_when_a_not_action_excludes_endpoints()
            throws IOException {
        // given: AzureML Data Scientist's wildcards and exclusions
        config("blue", "100", "", "");
        List<String> actions = List.of(
                "Microsoft.MachineLearningServices/workspaces/*/read",
                "Microsoft.MachineLearningServices/workspaces/*/action",
                "Microsoft.MachineLearningServices/workspaces/*/delete",
                "Microsoft.MachineLearningServices/workspaces/*/write");
        arm.permissions(
                actions,
                List.of(
                        "Microsoft.MachineLearningServices/workspaces/delete",
                        "Microsoft.MachineLearningServices/workspaces/write",
                        "Microsoft.MachineLearningServices/workspaces/computes/*/write"));

        // when
        CliResult allowed = deploy();
        arm.permissions(actions, List.of("Microsoft.MachineLearningServices/workspaces/onlineEndpoints/*"));
        int writes = arm.writes().size();
        CliResult refused = deploy();

        // then
        assertThat(allowed).succeeded();
        assertThat(refused)
                .exitedWith(2)
                .errContains("may not Microsoft.MachineLearningServices/workspaces/onlineEndpoints/write,");
        assertThat(arm.writes()).hasSize(writes);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "webapp     | --key-vault=kv-llmops           | --key-vault is an Azure ML option; --target webapp does"
                        + " not read a Key Vault | taken from the environment or the use case's .env",
                "kubernetes | --key-vault=kv-llmops           | --key-vault is an Azure ML option; --target kubernetes"
                        + " does not read a Key Vault | the Kubernetes Secret's values",
                "webapp     | --registry=myacr.azurecr.io     | --registry is an Azure ML option (deploy builds the"
                        + " image there); --target webapp deploys an image already pushed | 'llmops build -u DIR"
                        + " -e ENV --image REGISTRY/NAME:TAG', then pass --image",
                "k8s        | --registry=myacr.azurecr.io     | --registry is an Azure ML option (deploy builds the"
                        + " image there); --target kubernetes deploys an image already pushed | then pass --image",
                "kubernetes | --base-image=eclipse-temurin:21 | --base-image is an Azure ML option | llmops build",
            })
    void should_refuse_an_azure_ml_option_for_another_target_before_any_call(
            String target, String option, String message, String fix) throws IOException {
        // given
        config("blue", "100", "", "");

        // when
        CliResult result = deploy("--target", target, "--dry-run", option);

        // then
        assertThat(result).exitedWith(2).errContains(message).errContains(fix);
        assertThat(arm.calls()).isEmpty();
    }
}
