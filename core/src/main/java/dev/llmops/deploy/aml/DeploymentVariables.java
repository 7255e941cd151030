package dev.llmops.deploy.aml;

import dev.llmops.SystemEnv;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.deploy.DeployTarget;
import dev.llmops.deploy.OnlineDeploymentSpec;
import dev.llmops.experiment.Experiment;
import dev.llmops.image.ImagePlanner;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.secret.Placeholders;
import dev.llmops.secret.SecretMasker;
import dev.llmops.secret.SecretNames;
import dev.llmops.secret.Variables;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The deployment's environment variables, in the template's override order (a later source wins):
 * {@code ENVIRONMENT_VARIABLES} of the configuration, {@code APPLICATIONINSIGHTS_CONNECTION_STRING} when set,
 * {@code environment/env.yaml}, the connections' {@code <CONN>_<KEY>} values (so the flow in the image finds
 * {@code AOAI_API_KEY} as it does locally), then the serving settings and {@code PRT_CONFIG_OVERRIDE}.
 *
 * <p>A connection value comes from the environment (or {@code .env}); with a Key Vault, a secret one goes as the
 * service's secret-injection reference {@code ${{keyvault:https://VAULT.vault.azure.net/secrets/NAME}}} instead,
 * so its value never leaves the vault. A variable the served flow reads that is found in neither is
 * {@linkplain #missing() missing}. Values from the environment are registered as secrets: they go to Azure in the
 * request body and nowhere else.
 *
 * @param values every variable, in the order sent
 * @param secrets the names whose values are secrets ({@code ***} in a dry run)
 * @param references the names sent as Key Vault references
 * @param missing each variable the flow needs that has no value and no reference, with what reads it
 *     ({@code connection aoai}, {@code environment/env.yaml (KEY)})
 */
record DeploymentVariables(
        Map<String, String> values, Set<String> secrets, Set<String> references, Map<String, String> missing) {

    DeploymentVariables {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        secrets = Collections.unmodifiableSet(new LinkedHashSet<>(secrets));
        references = Collections.unmodifiableSet(new LinkedHashSet<>(references));
        missing = Collections.unmodifiableMap(new LinkedHashMap<>(missing));
    }

    /** The values as they may be printed: secrets as {@code ***}. */
    Map<String, String> shown() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, secrets.contains(k) ? SecretMasker.MASK : v));
        return out;
    }

    /**
     * @param vault the Key Vault for secret connection values ({@code --key-vault}): a name or its
     *     {@code https://} URI; empty to take every value from the environment
     */
    static DeploymentVariables of(
            OnlineDeploymentSpec spec,
            Experiment experiment,
            Variables variables,
            AzureWorkspace ws,
            SecretMasker masker,
            Optional<KeyVault> vault) {
        Map<String, String> out = new LinkedHashMap<>(spec.environmentVariables());
        Set<String> secrets = new LinkedHashSet<>();
        Set<String> references = new LinkedHashSet<>();
        Map<String, String> missing = new LinkedHashMap<>();
        variables.get("APPLICATIONINSIGHTS_CONNECTION_STRING").ifPresent(v -> {
            masker.register(v);
            secrets.add("APPLICATIONINSIGHTS_CONNECTION_STRING");
            out.put("APPLICATIONINSIGHTS_CONNECTION_STRING", v);
        });
        Placeholders unresolved =
                new Placeholders(new Variables(new SystemEnv(Map.of(), Path.of("")), List.of()), new SecretMasker());
        experiment.environmentVariables().forEach((k, v) -> {
            unresolved
                    .resolve(v)
                    .missing()
                    .forEach(name -> missing.putIfAbsent(name, "environment/env.yaml (" + k + ")"));
            out.put(k, v);
            if (!masker.mask(v).equals(v) || SecretNames.isSecret(k)) {
                secrets.add(k);
            }
        });

        // Every <CONN>_<KEY> of the connections (sent when it has a value here), then what the flow must read.
        Map<String, String> needed = ImagePlanner.connectionVariables(experiment);
        Map<String, String> candidates = new LinkedHashMap<>();
        Set<String> secretish = new LinkedHashSet<>();
        for (ConnectionConfig c : experiment.connections()) {
            for (String key : c.properties().keySet()) {
                String name = Placeholders.connectionVariable(c.name(), key);
                candidates.putIfAbsent(name, c.name());
                if (c.secretProperties().contains(key)) {
                    secretish.add(name);
                }
            }
        }
        needed.forEach(candidates::putIfAbsent);
        candidates.forEach((name, connection) -> {
            Optional<String> value = variables.get(name);
            if (vault.isPresent() && SecretNames.isSecret(name)) {
                out.put(name, vault.get().reference(name));
                references.add(name);
                secrets.remove(name);
            } else if (value.isPresent()) {
                out.put(name, value.get());
                if (secretish.contains(name) || needed.containsKey(name) || SecretNames.isSecret(name)) {
                    masker.register(value.get());
                    secrets.add(name);
                }
            } else if (needed.containsKey(name) && !out.containsKey(name)) {
                if (vault.isPresent()) {
                    out.put(name, vault.get().reference(name));
                    references.add(name);
                } else {
                    missing.put(name, "connection " + connection);
                }
            }
        });

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
        return new DeploymentVariables(out, secrets, references, missing);
    }
}
