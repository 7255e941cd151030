package dev.llmops.dataops;

import dev.llmops.azure.ArmClient;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.secret.SecretMasker;
import java.util.Optional;

/**
 * Whether the data asset an {@code azureml:} source names exists, asked of Resource Manager without downloading it
 * ({@code llmops data register} checks the datasets it does not register itself).
 */
public final class AssetLookup {

    private final WorkspaceData data;

    public AssetLookup(ArmClient arm, SecretMasker masker) {
        this.data = new WorkspaceData(arm, masker, Optional.empty());
    }

    /**
     * The version the source names now: the pinned one, or the latest.
     *
     * @throws DataAssetException when the asset or the version does not exist (naming the assets or versions there
     *     are), or the asset has no version
     */
    public String version(AzureWorkspace ws, AssetRef ref) {
        return switch (ref) {
            case AssetRef.Pinned p -> {
                data.version(ws, p.name(), p.version());
                yield p.version();
            }
            case AssetRef.Latest l -> data.latestVersion(ws, l.name());
        };
    }
}
