package dev.llmops.dataops;

import dev.llmops.SystemEnv;
import dev.llmops.azure.ArmAuthException;
import dev.llmops.azure.ArmClient;
import dev.llmops.azure.ArmException;
import dev.llmops.azure.ArmServerException;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.azure.AzureWorkspaces;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.secret.SecretMasker;
import dev.llmops.secret.Variables;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Makes {@code azureml:} dataset sources local files: resolves the asset through Resource Manager in the workspace
 * of {@code SUBSCRIPTION_ID}, {@code RESOURCE_GROUP_NAME} and {@code WORKSPACE_NAME} (as {@code deploy} finds it:
 * environment, then the use case's and the repository's {@code .env}), downloads its file from the datastore once
 * into the {@link AssetCache}, checks it against the {@code data_hash} tag, and serves later runs from the cache. A
 * pinned version found in the cache needs no network at all; {@code @latest} asks the workspace which version is
 * latest, and falls back to the last one seen (with a warning) when the workspace cannot be reached.
 *
 * <p>Not thread-safe: one instance serves one command.
 */
public final class AssetFetcher {

    /** Points Blob reads at another service, path-style (Azurite, a private endpoint), as for uploads. */
    public static final String BLOB_ENDPOINT_VARIABLE = "LLMOPS_BLOB_ENDPOINT";

    private final SystemEnv env;
    private final Path useCaseDir;
    private final AssetCache cache;
    private final SecretMasker masker;
    private AzureWorkspace workspace;
    private WorkspaceData online;

    public AssetFetcher(SystemEnv env, Path useCaseDir, AssetCache cache, SecretMasker masker) {
        this.env = env;
        this.useCaseDir = useCaseDir;
        this.cache = cache;
        this.masker = masker;
    }

    /** With the cache at {@link AssetCache#defaultDir}. */
    public static AssetFetcher forUseCase(SystemEnv env, Path useCaseDir, SecretMasker masker) {
        return new AssetFetcher(env, useCaseDir, new AssetCache(AssetCache.defaultDir(env, useCaseDir)), masker);
    }

    /**
     * The local copy of the version a source names, downloading it when the cache has none.
     *
     * @throws DataAssetException when the workspace is not configured, the asset or version does not exist, the
     *     file is not one blob, Azure cannot be reached (and the cache cannot answer), or the bytes do not match
     */
    public FetchedAsset fetch(AssetRef ref) {
        AzureWorkspace ws = workspace(ref);
        return switch (ref) {
            case AssetRef.Pinned p ->
                cache.find(ws.id(), p.name(), p.version())
                        .map(hit -> cached(ref, hit, null))
                        .orElseGet(() -> download(ref, ws, p.version()));
            case AssetRef.Latest l -> latest(l, ws);
        };
    }

    private FetchedAsset latest(AssetRef.Latest ref, AzureWorkspace ws) {
        String version;
        try {
            version = online().latestVersion(ws, ref.name());
        } catch (ArmServerException | ArmAuthException e) {
            if (!unreachable(e)) {
                throw translate(ref, e);
            }
            Optional<AssetCache.CachedFile> last =
                    cache.latest(ws.id(), ref.name()).flatMap(v -> cache.find(ws.id(), ref.name(), v));
            return last.map(hit -> cached(
                            ref,
                            hit,
                            "could not ask workspace " + ws.name() + " for the latest version of '" + ref.name()
                                    + "' (" + e.getMessage() + "); using " + AssetRef.PREFIX + ref.name() + ":"
                                    + hit.entry().version() + " from the cache"))
                    .orElseThrow(() -> new DataAssetException(
                            ref.label() + ": cannot reach workspace " + ws.name()
                                    + " to find the latest version, and the cache has none (" + e.getMessage() + ")",
                            "connect to Azure once (the version is then cached), or pin a cached version: "
                                    + AssetRef.PREFIX + ref.name() + ":<version>"));
        } catch (ArmException e) {
            throw translate(ref, e);
        }
        cache.rememberLatest(ws.id(), ref.name(), version);
        return cache.find(ws.id(), ref.name(), version)
                .map(hit -> cached(ref, hit, null))
                .orElseGet(() -> download(ref, ws, version));
    }

    private FetchedAsset download(AssetRef ref, AzureWorkspace ws, String version) {
        try {
            WorkspaceData data = online();
            WorkspaceData.Version v = data.version(ws, ref.name(), version);
            if (!WorkspaceData.isUriFile(v.dataType())) {
                throw new DataAssetException(
                        AssetRef.PREFIX + ref.name() + ":" + version + " is a " + v.dataType()
                                + " data asset; a dataset reads one file",
                        "register the file itself as a uri_file data asset (llmops data register)");
            }
            DataUri uri = DataUri.parse(v.dataUri())
                    .orElseThrow(() -> new DataAssetException(
                            AssetRef.PREFIX + ref.name() + ":" + version + " points at " + v.dataUri()
                                    + ", which is not a datastore path",
                            "register the file on a workspace datastore (azureml://datastores/<name>/paths/<path>)"));
            AzureWorkspace home = uri.workspace() == null
                    ? ws
                    : new AzureWorkspace(uri.subscription(), uri.resourceGroup(), uri.workspace());
            BlobReader.Container container = data.datastore(home, uri.datastore());
            BlobReader blobs = new BlobReader(http(), Clock.systemUTC());
            AssetCache.CachedFile file = cache.store(
                    ws.id(),
                    ref.name(),
                    version,
                    v.dataUri(),
                    uri.fileName(),
                    v.dataHash(),
                    out -> blobs.read(container, uri.path(), out));
            return new FetchedAsset(
                    ref,
                    ref.name(),
                    version,
                    file.entry().sha256(),
                    file.file(),
                    v.dataUri(),
                    FetchedAsset.Origin.DOWNLOADED,
                    v.dataHash().isEmpty()
                            ? AssetRef.PREFIX + ref.name() + ":" + version + " has no data_hash tag, so its content"
                                    + " could not be checked; SHA-256 "
                                    + file.entry().sha256() + " is recorded"
                            : null);
        } catch (ArmException e) {
            throw translate(ref, e);
        } catch (IOException e) {
            throw new DataAssetException(
                    ref.label() + ": cannot write the data cache " + cache.root() + ": " + e.getMessage(),
                    "free disk space or point " + AssetCache.VARIABLE + " at a writable folder");
        }
    }

    private static FetchedAsset cached(AssetRef ref, AssetCache.CachedFile hit, String note) {
        AssetCache.Entry e = hit.entry();
        return new FetchedAsset(
                ref, e.name(), e.version(), e.sha256(), hit.file(), e.dataUri(), FetchedAsset.Origin.CACHED, note);
    }

    private AzureWorkspace workspace(AssetRef ref) {
        if (workspace == null) {
            try {
                workspace = AzureWorkspaces.resolve(
                        Optional.empty(), Optional.empty(), Optional.empty(), Variables.forUseCase(env, useCaseDir));
            } catch (ConfigException e) {
                throw new DataAssetException(
                        ref.label() + " needs the Azure ML workspace that holds it: "
                                + e.problems().stream().map(Problem::message).collect(Collectors.joining(", ")),
                        "set SUBSCRIPTION_ID, RESOURCE_GROUP_NAME and WORKSPACE_NAME (in the environment or the use"
                                + " case's .env), or point the source at a local file");
            }
        }
        return workspace;
    }

    private WorkspaceData online() {
        if (online == null) {
            ArmClient arm = AzureWorkspaces.client(
                    env, Duration.ofMinutes(10), WorkspaceData.API_VERSION, dev.llmops.azure.ArmProgress.NONE);
            online = new WorkspaceData(
                    arm, masker, env.get(BLOB_ENDPOINT_VARIABLE).filter(v -> !v.isBlank()));
        }
        return online;
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** No answer at all (a broken connection, no token because sign-in could not be reached), not a refusal. */
    private static boolean unreachable(ArmException e) {
        return e.status() == 0;
    }

    private static DataAssetException translate(AssetRef ref, ArmException e) {
        String hint =
                switch (e) {
                    case ArmAuthException a ->
                        "sign in (az login, or AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET) with an identity"
                                + " that may read the workspace's data assets and datastores";
                    case dev.llmops.azure.ArmNotFoundException n ->
                        "check SUBSCRIPTION_ID, RESOURCE_GROUP_NAME and WORKSPACE_NAME, and that the file still exists"
                                + " on the datastore";
                    default -> "try again; if it persists, check the workspace in the Azure portal";
                };
        return new DataAssetException(ref.label() + ": " + e.getMessage(), hint);
    }
}
