package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.testing.arm.FakeArm;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code llmops deploy --dry-run}, the connection check before any change, and {@code --key-vault}: the template's
 * own test fixture through {@link Main#run}, against the HTTPS fake of Resource Manager (which must see nothing
 * when nothing is to be sent).
 */
class DeployAmlPlanCommandTest extends DeployFixture {

    private static final String WS_ID = "/subscriptions/" + FakeArm.SUBSCRIPTION + "/resourceGroups/"
            + FakeArm.RESOURCE_GROUP + "/providers/Microsoft.MachineLearningServices/workspaces/" + FakeArm.WORKSPACE;

    @Test
    void should_print_the_template_fixture_calls_in_order_with_the_90_10_split_and_no_call_made() throws IOException {
        // given
        templateFixture();

        // when
        CliResult result = deploy("--dry-run", "--build_id", "77");

        // then
        assertThat(result).succeeded().outContains("# workspace " + WS_ID);
        String ep = WS_ID + "/onlineEndpoints/test-endpoint";
        assertThat(calls(result.out()))
                .containsExactly(
                        "GET " + WS_ID,
                        "GET " + ep,
                        "GET " + ep + "/deployments",
                        "GET " + WS_ID + "/providers/Microsoft.Authorization/permissions",
                        "GET " + WS_ID + "/models/web_classification_dev",
                        "PUT " + WS_ID + "/models/web_classification_dev/versions/<next version>",
                        "GET " + WS_ID + "/environments/llmopscompute",
                        "PUT " + WS_ID + "/environments/llmopscompute/versions/<next version>",
                        "PUT " + ep,
                        "POST " + ep + "/listKeys",
                        "PUT " + ep + "/deployments/llmopscompute",
                        "POST <scoringUri of test-endpoint>",
                        "PUT " + ep);
        List<JsonNode> bodies = bodies(result.out());
        JsonNode deployment = bodies.get(3);
        assertThat(deployment.path("properties").path("instanceType").asText()).isEqualTo("test-vm-size");
        assertThat(deployment.path("properties").path("description").asText()).isEqualTo("test-deployment-description");
        assertThat(deployment.path("tags").path("build_id").asText()).isEqualTo("77");
        JsonNode variables = deployment.path("properties").path("environmentVariables");
        assertThat(variables.path("test-key").asText()).isEqualTo("test-value");
        assertThat(variables.path("AOAI_API_KEY").asText()).isEqualTo("***");
        assertThat(variables.path("LLMOPS_SERVE_KEYS").asText())
                .isEqualTo("*** (the endpoint's primaryKey,secondaryKey from listKeys)");
        assertThat(variables.path("PRT_CONFIG_OVERRIDE").asText())
                .contains("deployment.endpoint_name=test-endpoint,deployment.deployment_name=llmopscompute");
        assertThat(bodies.get(1).path("properties").path("image").asText()).isEqualTo(IMAGE);
        assertThat(bodies.get(2).path("properties").path("description").asText())
                .isEqualTo("test-endpoint-description");
        assertThat(bodies.getLast().path("properties").path("traffic").toString())
                .isEqualTo("{\"llmopscompute\":90,\"test-prior-deployment\":10}");
        assertThat(result.out())
                .contains("as the endpoint's first deployment: llmopscompute=100%")
                .doesNotContain("aoai-secret-key-value");
        assertThat(arm.calls()).isEmpty();
    }

    @Test
    void should_plan_without_azure_settings_or_image_showing_placeholders_and_saying_what_to_set() throws IOException {
        // given: no sign-in, no workspace settings, no image
        templateFixture();
        CliRun run = CliRun.in(dir).env("AOAI_API_KEY", "aoai-secret-key-value").env("AOAI_API_BASE", "https://x");

        // when
        CliResult result = run.run("deploy", "--dry-run", "-u", "web_classification", "-e", "dev", "--mirror", "20");

        // then
        assertThat(result)
                .succeeded()
                .outContains("/subscriptions/<SUBSCRIPTION_ID>/resourceGroups/<RESOURCE_GROUP_NAME>/providers/"
                        + "Microsoft.MachineLearningServices/workspaces/<WORKSPACE_NAME>/onlineEndpoints/test-endpoint")
                .outContains("# note: no subscription id given: pass --subscription_id or set SUBSCRIPTION_ID")
                .outContains("# note: no image given: pass --image");
        assertThat(bodies(result.out())
                        .getLast()
                        .path("properties")
                        .path("mirrorTraffic")
                        .toString())
                .isEqualTo("{\"llmopscompute\":20}");
    }

    @Test
    void should_name_the_connection_and_the_variable_to_set_before_any_call() throws IOException {
        // given: the CI job lacks the key the deployed flow reads
        config("blue", "100", "", "");
        CliRun run = CliRun.in(dir).env("AOAI_API_BASE", "https://x");
        arm.environment().forEach(run::env);

        // when
        CliResult deployed = run.run("deploy", "-u", "web_classification", "-e", "dev", "--image", IMAGE);
        CliResult planned = run.run("deploy", "--dry-run", "-u", "web_classification", "-e", "dev");

        // then
        for (CliResult result : List.of(deployed, planned)) {
            assertThat(result)
                    .exitedWith(2)
                    .errContains("web_classification/experiment.yaml")
                    .errContains("azure_managed_endpoint[0]: connection aoai needs AOAI_API_KEY, which is not set here")
                    .errContains("--key-vault VAULT to have the deployment read the Key Vault secret AOAI-API-KEY")
                    .errContains("nothing was deployed");
            assertThat(result.err()).doesNotContain("AOAI_API_BASE");
        }
        assertThat(arm.calls()).isEmpty();
    }

    @Test
    void should_send_key_vault_references_for_secrets_and_never_their_values() throws IOException {
        // given: the key is set here too, but the vault is to serve it
        config("blue", "100", "", "");

        // when
        CliResult result = deploy("--key-vault", "kv-llmops");

        // then
        assertThat(result).succeeded().outContains("from Key Vault: AOAI_API_KEY");
        JsonNode variables = ml().deployment("test-endpoint", "blue")
                .orElseThrow()
                .path("properties")
                .path("environmentVariables");
        assertThat(variables.path("AOAI_API_KEY").asText())
                .isEqualTo("${{keyvault:https://kv-llmops.vault.azure.net/secrets/AOAI-API-KEY}}");
        assertThat(variables.path("AOAI_API_BASE").asText()).isEqualTo("https://x");
        assertThat(arm.calls()).noneMatch(c -> c.body().contains("aoai-secret-key-value"));
    }

    @Test
    void should_pass_the_check_with_a_key_vault_when_the_value_is_not_set_here() throws IOException {
        // given
        config("blue", "100", "", "");
        CliRun run = CliRun.in(dir);
        arm.environment().forEach(run::env);

        // when
        CliResult result = run.run(
                "deploy",
                "-u",
                "web_classification",
                "-e",
                "dev",
                "--image",
                IMAGE,
                "--key-vault",
                "https://kv-llmops.vault.azure.cn");

        // then
        assertThat(result).succeeded();
        JsonNode variables = ml().deployment("test-endpoint", "blue")
                .orElseThrow()
                .path("properties")
                .path("environmentVariables");
        assertThat(variables.path("AOAI_API_KEY").asText())
                .isEqualTo("${{keyvault:https://kv-llmops.vault.azure.cn/secrets/AOAI-API-KEY}}");
        assertThat(variables.path("AOAI_API_BASE").asText())
                .isEqualTo("${{keyvault:https://kv-llmops.vault.azure.cn/secrets/AOAI-API-BASE}}");
    }

    @Test
    void should_refuse_a_key_vault_that_is_no_name_before_any_call() throws IOException {
        // given
        config("blue", "100", "", "");

        // when
        CliResult result = deploy("--key-vault", "kv_llmops!");

        // then
        assertThat(result).exitedWith(2).errContains("--key-vault 'kv_llmops!' is not a Key Vault name or URI");
        assertThat(arm.calls()).isEmpty();
    }

    /** The METHOD PATH lines of a plan, without the api-version. */
    private static List<String> calls(String plan) {
        return plan.lines()
                .filter(l -> l.matches("(GET|PUT|POST|DELETE) .*"))
                .map(l -> l.replaceAll("\\?api-version=[0-9-]+$", ""))
                .toList();
    }

    /** The JSON bodies of a plan, in order. */
    private static List<JsonNode> bodies(String plan) throws IOException {
        List<JsonNode> out = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("(?ms)^\\{$.*?^}$").matcher(plan);
        while (m.find()) {
            out.add(JSON.readTree(m.group()));
        }
        return out;
    }
}
