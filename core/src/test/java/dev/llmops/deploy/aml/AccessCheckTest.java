package dev.llmops.deploy.aml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.ConfigException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEPLOY =
            "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/write";

    @ParameterizedTest(name = "{0} minus {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "*                                                      |                                              | true",
                "Microsoft.MachineLearningServices/workspaces/*/write   |                                              | true",
                "microsoft.machinelearningservices/workspaces/*         |                                              | true",
                "Microsoft.MachineLearningServices/workspaces/*/read    |                                              | false",
                "*                                                      | Microsoft.MachineLearningServices/*/deployments/* | false",
                "Microsoft.MachineLearningServices/workspaces/*/write   | Microsoft.MachineLearningServices/workspaces/write | true",
                "Microsoft.Web/*                                        |                                              | false"
            })
    void should_apply_actions_and_not_actions_with_wildcards_as_azure_does(
            String action, String notAction, boolean allowed) {
        // given
        JsonNode permission = JSON.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                        "actions", JSON.createArrayNode().add(action))
                .set(
                        "notActions",
                        notAction == null
                                ? JSON.createArrayNode()
                                : JSON.createArrayNode().add(notAction));

        // when / then
        assertThat(AccessCheck.allowed(List.of(permission), DEPLOY)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "kv-llmops, https://kv-llmops.vault.azure.net/secrets/AOAI-API-KEY",
        "KV-Llmops, https://kv-llmops.vault.azure.net/secrets/AOAI-API-KEY",
        "https://kv-llmops.vault.azure.cn/, https://kv-llmops.vault.azure.cn/secrets/AOAI-API-KEY"
    })
    void should_reference_the_secret_of_a_variable_in_the_vault(String vault, String uri) {
        assertThat(KeyVault.parse(vault).reference("AOAI_API_KEY")).isEqualTo("${{keyvault:" + uri + "}}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"kv_llmops", "kv", "http://kv-llmops.vault.azure.net", "9kv-llmops"})
    void should_refuse_what_is_no_vault(String vault) {
        assertThatThrownBy(() -> KeyVault.parse(vault))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a Key Vault name or URI");
    }
}
