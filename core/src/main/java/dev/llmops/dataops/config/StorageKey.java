package dev.llmops.dataops.config;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.secret.SecretMasker;
import dev.llmops.secret.Variables;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The storage account key of {@code STORAGE.STORAGE_ACCOUNT}, when there is one: {@code --sa-key} (the template's
 * {@code --sa_key}), else {@code STORAGE_ACCOUNT_KEY} in the environment or {@code .env}. Registered with the masker
 * before anything can print it. Without a key, llmops signs in with Entra ID (the template's
 * {@code DefaultAzureCredential}), which needs a data role on the account.
 */
public final class StorageKey {

    /** The variable that holds the key. */
    public static final String VARIABLE = "STORAGE_ACCOUNT_KEY";

    private StorageKey() {}

    public static Optional<String> resolve(
            Optional<String> option, SystemEnv env, Path useCaseDir, SecretMasker masker) {
        Optional<String> key = option.filter(k -> !k.isBlank())
                .or(() -> variables(env, useCaseDir).get(VARIABLE).filter(k -> !k.isBlank()));
        key.ifPresent(masker::register);
        return key.map(String::strip);
    }

    private static Variables variables(SystemEnv env, Path useCaseDir) {
        try {
            return Variables.forUseCase(env, useCaseDir);
        } catch (ConfigException e) {
            return new Variables(env, List.of());
        }
    }
}
