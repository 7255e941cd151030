package dev.llmops.deploy.aml;

import dev.llmops.error.ConfigException;
import java.net.URI;
import java.util.Locale;

/**
 * The Key Vault a deployment reads connection secrets from ({@code --key-vault}), through Azure ML's secret
 * injection: an environment variable whose value is {@code ${{keyvault:https://VAULT.vault.azure.net/secrets/NAME}}}
 * is replaced by the secret's latest version when the deployment starts, read with the endpoint's identity (which
 * needs <em>Key Vault Secrets User</em> on the vault). Secret names allow letters, digits and dashes only, so
 * {@code AOAI_API_KEY} reads the secret {@code AOAI-API-KEY}.
 *
 * @param uri the vault's URI, e.g. {@code https://kv-llmops.vault.azure.net}
 */
record KeyVault(URI uri) {

    /**
     * @param text a vault name ({@code kv-llmops}, public cloud) or its URI (other clouds)
     * @throws ConfigException when it is neither
     */
    static KeyVault parse(String text) {
        String t = text.strip();
        if (t.matches("[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]")) {
            return new KeyVault(URI.create("https://" + t.toLowerCase(Locale.ROOT) + ".vault.azure.net"));
        }
        if (t.matches("https://[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9](\\.[A-Za-z0-9-]+)+/?")) {
            return new KeyVault(URI.create(t.endsWith("/") ? t.substring(0, t.length() - 1) : t));
        }
        throw ConfigException.of(
                "--key-vault '" + text + "' is not a Key Vault name or URI",
                "give the vault's name (3-24 letters, digits and dashes, e.g. kv-llmops) or its URI"
                        + " (https://kv-llmops.vault.azure.net)");
    }

    /** The secret holding variable {@code name}: {@code AOAI_API_KEY} is {@code AOAI-API-KEY}. */
    static String secretName(String name) {
        return name.replace('_', '-');
    }

    /** The value that makes the service inject the secret of variable {@code name}. */
    String reference(String name) {
        return "${{keyvault:" + uri + "/secrets/" + secretName(name) + "}}";
    }
}
