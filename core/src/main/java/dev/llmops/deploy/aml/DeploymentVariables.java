package dev.llmops.deploy.aml;

import dev.llmops.azure.AzureWorkspace;
import dev.llmops.deploy.DeployTarget;
import dev.llmops.deploy.OnlineDeploymentSpec;
import dev.llmops.experiment.Experiment;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.secret.Placeholders;
import dev.llmops.secret.SecretMasker;
import dev.llmops.secret.Variables;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment's environment variables, in the template's override order (a later source wins):
 * {@code ENVIRONMENT_VARIABLES} of the configuration, {@code APPLICATIONINSIGHTS_CONNECTION_STRING} when set,
 * {@code environment/env.yaml}, the connections' {@code <CONN>_<KEY>} values from the environment (so the flow in
 * the image finds {@code AOAI_API_KEY} as it does locally), then the serving settings and
 * {@code PRT_CONFIG_OVERRIDE}. Connection values are registered as secrets: they go to Azure in the request body
 * and nowhere else.
 */
final class DeploymentVariables {

    private DeploymentVariables() {}

    static Map<String, String> of(
            OnlineDeploymentSpec spec,
            Experiment experiment,
            Variables variables,
            AzureWorkspace ws,
            SecretMasker masker) {
        Map<String, String> out = new LinkedHashMap<>(spec.environmentVariables());
        variables.get("APPLICATIONINSIGHTS_CONNECTION_STRING").ifPresent(v -> {
            masker.register(v);
            out.put("APPLICATIONINSIGHTS_CONNECTION_STRING", v);
        });
        out.putAll(experiment.environmentVariables());
        for (ConnectionConfig c : experiment.connections()) {
            for (String key : c.properties().keySet()) {
                String name = Placeholders.connectionVariable(c.name(), key);
                Optional<String> value = variables.get(name);
                if (value.isPresent()) {
                    if (c.secretProperties().contains(key)) {
                        masker.register(value.get());
                    }
                    out.put(name, value.get());
                }
            }
        }
        out.put("PROMPTFLOW_RUN_MODE", "serving");
        out.put("PROMPTFLOW_SERVING_ENGINE", "fastapi");
        if (spec.target() == DeployTarget.KUBERNETES) {
            out.put("F_LOGGING_LEVEL", "WARNING");
        }
        out.put(
                "PRT_CONFIG_OVERRIDE",
                "deployment.subscription_id=" + ws.subscriptionId() + ",deployment.resource_group="
                        + ws.resourceGroup() + ",deployment.workspace_name=" + ws.name()
                        + ",deployment.endpoint_name=" + spec.endpoint() + ",deployment.deployment_name="
                        + spec.deployment());
        return out;
    }
}
