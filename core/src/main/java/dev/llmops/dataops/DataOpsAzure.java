package dev.llmops.dataops;

import dev.llmops.SystemEnv;
import dev.llmops.azure.ArmClient;
import dev.llmops.azure.ArmProgress;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.azure.AzureWorkspaces;
import dev.llmops.azure.BlobStore;
import dev.llmops.error.ConfigException;
import dev.llmops.secret.Variables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the {@code llmops data} commands talk to Azure: the workspace from the command line or the template's
 * variables (environment, then the use case's and the repository's {@code .env}), a Resource Manager client of the
 * Azure ML api-version, and the Blob endpoint override ({@code LLMOPS_BLOB_ENDPOINT}: Azurite, a private endpoint).
 */
public final class DataOpsAzure {

    /** The Azure ML REST api-version of data assets and datastores. */
    public static final String API_VERSION = WorkspaceData.API_VERSION;

    private DataOpsAzure() {}

    /**
     * The workspace as given on the command line, else in the variables.
     *
     * @param notDone what did not happen because of a missing setting ("nothing was registered.")
     * @throws ConfigException naming every missing setting and where to give it
     */
    public static AzureWorkspace workspace(WorkspaceOptions options, SystemEnv env, Path useCaseDir, String notDone) {
        try {
            return AzureWorkspaces.resolve(
                    options.subscription(), options.resourceGroup(), options.workspace(), variables(env, useCaseDir));
        } catch (ConfigException e) {
            throw new ConfigException(e.problems(), notDone);
        }
    }

    /**
     * The workspace when it is configured; otherwise empty, with one note per missing setting (for a dry run,
     * which needs no workspace to list what it would do).
     */
    public static Optional<AzureWorkspace> workspaceIfGiven(
            WorkspaceOptions options, SystemEnv env, Path useCaseDir, Consumer<String> notes) {
        try {
            return Optional.of(workspace(options, env, useCaseDir, null));
        } catch (ConfigException e) {
            e.problems().stream().map(p -> p.message() + ": " + p.hint()).forEach(notes);
            return Optional.empty();
        }
    }

    /** A Resource Manager client for the data-asset and datastore calls, signed in with the default credential. */
    public static ArmClient arm(SystemEnv env) {
        return AzureWorkspaces.client(env, Duration.ofMinutes(10), API_VERSION, ArmProgress.NONE);
    }

    /** {@code LLMOPS_BLOB_ENDPOINT} when set: every Blob call goes there, path-style. */
    public static Optional<String> blobEndpoint(SystemEnv env) {
        return env.get(BlobStore.BLOB_ENDPOINT_VARIABLE).filter(v -> !v.isBlank());
    }

    private static Variables variables(SystemEnv env, Path useCaseDir) {
        try {
            return Variables.forUseCase(env, useCaseDir);
        } catch (ConfigException e) {
            // A .env that cannot be read is reported by the command that reads it for secrets; here the environment
            // alone still names the workspace.
            return new Variables(env, List.of());
        }
    }
}
