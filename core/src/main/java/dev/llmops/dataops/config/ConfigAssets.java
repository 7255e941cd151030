package dev.llmops.dataops.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.SystemEnv;
import dev.llmops.azure.ArmClient;
import dev.llmops.azure.ArmNotFoundException;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.azure.BlobStore;
import dev.llmops.azure.Datastore;
import dev.llmops.dataops.DataOpsAzure;
import dev.llmops.dataops.Sha256;
import dev.llmops.dataops.SummaryFile;
import dev.llmops.dataops.WorkspaceOptions;
import dev.llmops.dataops.register.AssetVersions;
import dev.llmops.error.ConfigException;
import dev.llmops.secret.SecretMasker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code llmops data assets}: the template's {@code aml_data_asset} step. Every {@code DATA_ASSETS} entry becomes a
 * {@code uri_file} data asset {@code NAME} at {@code azureml://.../datastores/<DATA_STORE_NAME>/paths/<PATH>}. Unlike
 * the template, which made a new version on every run, the file is read from the datastore and hashed, and a new
 * version (tagged {@code data_hash}) is made only when its hash or its path differs from the latest version's.
 */
public final class ConfigAssets {

    /**
     * One entry.
     *
     * @param version the version it has after the command (or would get, in a dry run); empty when unknown
     * @param created a new version was (or would be) made
     */
    public record Entry(
            DataOpsConfig.Asset asset,
            String dataUri,
            Optional<String> sha256,
            Optional<String> version,
            boolean created) {

        /** {@code name:version}, or empty when no version is known. */
        public Optional<String> label() {
            return version.map(v -> asset.name() + ":" + v);
        }
    }

    /** What was (or would be) done. */
    public record Result(boolean dryRun, List<Entry> entries) {}

    private final SystemEnv env;
    private final SecretMasker masker;
    private final Consumer<String> log;

    public ConfigAssets(SystemEnv env, SecretMasker masker, Consumer<String> log) {
        this.env = env;
        this.masker = masker;
        this.log = log;
    }

    /**
     * @throws ConfigException when the workspace is not configured, the datastore does not exist, or a
     *     {@code PATH} is not on it; assets registered before that stay registered
     */
    public Result register(
            DataOpsConfig config,
            WorkspaceOptions options,
            Path useCaseDir,
            boolean dryRun,
            Optional<Path> outputFile) {
        Optional<AzureWorkspace> given = dryRun
                ? DataOpsAzure.workspaceIfGiven(options, env, useCaseDir, log)
                : Optional.of(DataOpsAzure.workspace(options, env, useCaseDir, "nothing was registered."));
        List<Entry> entries = new ArrayList<>();
        if (given.isEmpty()) {
            for (DataOpsConfig.Asset a : config.assets()) {
                entries.add(new Entry(
                        a,
                        "azureml://datastores/" + config.dataStoreName() + "/paths/" + a.path(),
                        Optional.empty(),
                        Optional.empty(),
                        false));
            }
        } else {
            AzureWorkspace ws = given.get();
            ArmClient arm = DataOpsAzure.arm(env);
            Datastore ds = datastore(arm, ws, config);
            AssetVersions versions = new AssetVersions(arm, ws);
            // Every file is read before the first version is made: a missing PATH registers nothing.
            List<String> hashes =
                    config.assets().stream().map(a -> hash(ds, config, a)).toList();
            for (int i = 0; i < config.assets().size(); i++) {
                entries.add(one(versions, ws, ds, config.assets().get(i), hashes.get(i), dryRun));
            }
        }
        Result result = new Result(dryRun, entries);
        outputFile.ifPresent(f -> SummaryFile.write(json(result), f));
        return result;
    }

    private Entry one(
            AssetVersions versions,
            AzureWorkspace ws,
            Datastore ds,
            DataOpsConfig.Asset a,
            String sha,
            boolean dryRun) {
        String dataUri = ds.uri(ws, a.path());
        Optional<AssetVersions.Version> latest = versions.latest(a.name());
        boolean same = latest.filter(v -> v.dataUri().equals(dataUri))
                .flatMap(AssetVersions.Version::dataHash)
                .filter(sha::equals)
                .isPresent();
        if (same) {
            log.accept(a.name() + ": unchanged, version " + latest.get().version() + " has this file and hash");
            return new Entry(
                    a, dataUri, Optional.of(sha), Optional.of(latest.get().version()), false);
        }
        if (dryRun) {
            return new Entry(a, dataUri, Optional.of(sha), Optional.of(versions.next(a.name())), true);
        }
        AssetVersions.Version v = versions.create(a.name(), dataUri, a.description(), sha);
        log.accept(a.name() + ": registered version " + v.version() + " at " + ds.name() + "/" + a.path());
        return new Entry(a, dataUri, Optional.of(sha), Optional.of(v.version()), true);
    }

    private Datastore datastore(ArmClient arm, AzureWorkspace ws, DataOpsConfig config) {
        try {
            return Datastore.named(arm, ws, config.dataStoreName(), DataOpsAzure.blobEndpoint(env), masker);
        } catch (ArmNotFoundException e) {
            throw ConfigException.at(
                    config.file(),
                    0,
                    0,
                    "DATA_STORE_NAME: datastore '" + config.dataStoreName() + "' does not exist in workspace "
                            + ws.name(),
                    "create it first (llmops data datastore), or fix DATA_STORE_NAME; nothing was registered");
        }
    }

    /** The SHA-256 of the asset's file on the datastore. */
    private String hash(Datastore ds, DataOpsConfig config, DataOpsConfig.Asset a) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("llmops-asset", ".data");
            try {
                new BlobStore().download(ds.target(), ds.auth(), a.path(), tmp, BlobStore.Progress.NONE);
            } catch (ArmNotFoundException e) {
                throw ConfigException.at(
                        config.file(),
                        0,
                        0,
                        a.label() + ": " + a.path() + " is not on datastore " + ds.name() + " (container "
                                + ds.target().container() + " of storage account "
                                + ds.target().account() + ")",
                        "write it first (llmops data prep), or fix PATH; nothing was registered");
            }
            return Sha256.of(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("hashing " + a.path() + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    private static ObjectNode json(Result r) {
        ObjectNode root = SummaryFile.object();
        root.put("dry_run", r.dryRun());
        var assets = root.putArray("assets");
        for (Entry e : r.entries()) {
            ObjectNode a = assets.addObject();
            a.put("name", e.asset().name()).put("path", e.asset().path()).put("data_uri", e.dataUri());
            e.sha256().ifPresent(s -> a.put("sha256", s));
            if (e.version().isPresent()) {
                a.put("version", e.version().get());
            } else {
                a.putNull("version");
            }
            a.put("new_version", e.created());
        }
        return root;
    }
}
