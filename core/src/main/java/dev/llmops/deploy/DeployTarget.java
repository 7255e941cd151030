package dev.llmops.deploy;

import dev.llmops.error.ConfigException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where an online deployment goes: which array of {@code configs/deployment_config.json} it reads. */
public enum DeployTarget {
    /** An Azure ML managed online endpoint ({@code azure_managed_endpoint[]}). */
    AZURE_MANAGED("azure_managed_endpoint", List.of("azure_managed", "azure_managed_endpoint", "managed", "aml")),
    /** An Azure ML Kubernetes online endpoint on attached AKS or Arc compute ({@code kubernetes_endpoint[]}). */
    KUBERNETES("kubernetes_endpoint", List.of("kubernetes_endpoint", "aks")),
    /**
     * Plain Kubernetes, no Azure ML ({@code kubernetes_endpoint[]} too): Deployments and Services applied with the
     * Kubernetes API ({@code dev.llmops.deploy.kubernetes}).
     */
    PLAIN_KUBERNETES("kubernetes_endpoint", List.of("kubernetes", "k8s"));

    private final String configKey;
    private final List<String> names;

    DeployTarget(String configKey, List<String> names) {
        this.configKey = configKey;
        this.names = names;
    }

    /** The array of {@code deployment_config.json} this target reads. */
    public String configKey() {
        return configKey;
    }

    /** The name to type: {@code azure_managed}, {@code kubernetes_endpoint} or {@code kubernetes}. */
    public String id() {
        return names.getFirst();
    }

    /** The target {@code value} names, if any. */
    public static java.util.Optional<DeployTarget> find(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(t -> t.names.contains(v)).findFirst();
    }

    /**
     * @throws ConfigException naming the accepted values when {@code value} is none of them
     */
    public static DeployTarget parse(String value) {
        return find(value)
                .orElseThrow(() -> ConfigException.of(
                        "unknown deployment target '" + value + "'",
                        "use --target azure_managed (managed online endpoint) or --target kubernetes_endpoint"
                                + " (Kubernetes online endpoint on attached compute) or --target kubernetes (plain"
                                + " Kubernetes) or --target webapp (Azure Web App)"));
    }
}
