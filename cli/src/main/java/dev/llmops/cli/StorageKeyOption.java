package dev.llmops.cli;

import dev.llmops.dataops.config.StorageKey;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --sa-key}: the storage account key of {@code data datastore} and {@code data prep}. */
final class StorageKeyOption {

    @Option(
            names = {"--sa-key", "--sa_key"},
            paramLabel = "KEY",
            description = "Storage account key (default: $STORAGE_ACCOUNT_KEY). Without one, Entra ID: data prep"
                    + " signs in with it and data datastore makes an identity-based datastore. Prefer the variable:"
                    + " a command-line argument is visible to other processes.")
    String accountKey;

    /** The key from the option, else the environment; registered with the masker so it is never printed. */
    Optional<String> resolve(CliContext context, DataConfigOptions where) {
        return StorageKey.resolve(
                Optional.ofNullable(accountKey), context.env(), where.useCaseDir(context), context.masker());
    }
}
