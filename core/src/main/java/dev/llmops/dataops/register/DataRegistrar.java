package dev.llmops.dataops.register;

import dev.llmops.SystemEnv;
import dev.llmops.azure.ArmClient;
import dev.llmops.azure.ArmException;
import dev.llmops.azure.ArmNotFoundException;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.azure.BlobStore;
import dev.llmops.azure.Datastore;
import dev.llmops.dataops.AssetLookup;
import dev.llmops.dataops.AssetRef;
import dev.llmops.dataops.DataAssetException;
import dev.llmops.dataops.DataOpsAzure;
import dev.llmops.dataops.Sha256;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.secret.SecretMasker;
import dev.llmops.yaml.YLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code llmops data register}: every local dataset of an experiment becomes a {@code uri_file} data asset named like
 * the dataset, its file uploaded to a datastore (the workspace's default one unless named) under the content-addressed
 * path {@code llmops/data/<sha256>/<file name>}, and a new version registered only when the file's SHA-256 differs
 * from the {@code data_hash} tag of the asset's latest version (the template's rule). A version is registered only
 * after its upload committed, so no version ever points at a missing or partial file; an upload interrupted midway
 * leaves staged blocks that the next run commits without sending them again.
 *
 * <p>Every dataset file is checked and hashed before Azure is called: a missing file registers nothing.
 */
public final class DataRegistrar {

    /** Where uploads go inside the datastore's container. */
    public static final String PREFIX = "llmops/data/";

    private final SystemEnv env;
    private final SecretMasker masker;
    private final Consumer<String> log;

    /**
     * @param log receives progress and notes, one line each (the CLI prints them on stderr)
     */
    public DataRegistrar(SystemEnv env, SecretMasker masker, Consumer<String> log) {
        this.env = env;
        this.masker = masker;
        this.log = log;
    }

    /** A dataset with its file hashed. */
    private record Hashed(DatasetSource dataset, Optional<String> sha256, long size) {}

    /**
     * Uploads and registers what changed.
     *
     * @throws ConfigException when a dataset file is missing, a name cannot name an asset, the workspace is not
     *     configured or the datastore does not exist; nothing is registered then
     * @throws ArmException when Azure refuses or fails a call (a dataset registered before it stays registered)
     */
    public RegisterResult register(RegisterRequest request) {
        List<Hashed> hashed = hash(request.datasets(), request.useCaseDir());
        AzureWorkspace ws =
                DataOpsAzure.workspace(request.workspace(), env, request.useCaseDir(), "nothing was registered.");
        ArmClient arm = DataOpsAzure.arm(env);
        Map<String, String> remote = remoteVersions(hashed, new AssetLookup(arm, masker), ws);
        AssetVersions versions = new AssetVersions(arm, ws);
        BlobStore blobs = new BlobStore(request.blockSize());
        Datastore datastore = null;
        List<RegisterResult.Entry> entries = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Hashed h : hashed) {
            DatasetSource d = h.dataset();
            if (h.sha256().isEmpty()) {
                entries.add(entry(h, skipped(d, Optional.of(remote.get(d.name())), notes)));
                continue;
            }
            String sha = h.sha256().get();
            Optional<AssetVersions.Version> latest = versions.latest(d.name());
            if (latest.flatMap(AssetVersions.Version::dataHash)
                    .filter(sha::equals)
                    .isPresent()) {
                log.accept(d.name() + ": unchanged, version " + latest.get().version() + " has SHA-256 " + brief(sha));
                entries.add(entry(
                        h,
                        new Outcome.Unchanged(
                                latest.get().version(), latest.get().dataUri())));
                continue;
            }
            if (datastore == null) {
                datastore = datastore(arm, ws, request.datastore());
            }
            Outcome.Upload upload = upload(blobs, datastore, d, sha, h.size());
            AssetVersions.Version created =
                    versions.create(d.name(), datastore.uri(ws, upload.path()), d.description(), sha);
            log.accept(d.name() + ": registered version " + created.version()
                    + latest.map(l -> " (version " + l.version() + " has "
                                    + l.dataHash().map(DataRegistrar::brief).orElse("no data_hash") + ")")
                            .orElse(" (a new data asset)"));
            entries.add(entry(h, new Outcome.Created(created.version(), created.dataUri(), upload)));
        }
        RegisterResult result = new RegisterResult(false, Optional.of(ws), entries, notes);
        request.outputFile().ifPresent(f -> RegisterSummary.write(result, request.useCaseDir(), f));
        return result;
    }

    /**
     * What {@link #register} would do, reading the workspace (when it is configured) and writing nothing: no upload,
     * no version, no {@code listSecrets}.
     *
     * @throws ConfigException when a dataset file is missing or a name cannot name an asset
     */
    public RegisterResult plan(RegisterRequest request) {
        List<Hashed> hashed = hash(request.datasets(), request.useCaseDir());
        List<String> notes = new ArrayList<>();
        Optional<AzureWorkspace> ws =
                DataOpsAzure.workspaceIfGiven(request.workspace(), env, request.useCaseDir(), notes::add);
        Optional<ArmClient> arm = ws.map(w -> DataOpsAzure.arm(env));
        Optional<AssetVersions> versions = arm.map(a -> new AssetVersions(a, ws.get()));
        String unknown = ws.isEmpty() ? "no workspace settings" : null;
        Map<String, String> remote = Map.of();
        try {
            remote = arm.map(a -> remoteVersions(hashed, new AssetLookup(a, masker), ws.get()))
                    .orElse(Map.of());
        } catch (ArmException e) {
            // A dry run still lists every file and hash when the workspace cannot be read.
            unknown = "could not read workspace " + ws.get().name() + ": " + e.getMessage();
            notes.add(unknown);
        }
        List<RegisterResult.Entry> entries = new ArrayList<>();
        for (Hashed h : hashed) {
            DatasetSource d = h.dataset();
            if (h.sha256().isEmpty()) {
                entries.add(entry(h, skipped(d, Optional.ofNullable(remote.get(d.name())), notes)));
                continue;
            }
            if (unknown != null) {
                entries.add(entry(h, new Outcome.Unknown(unknown)));
                continue;
            }
            try {
                Optional<AssetVersions.Version> latest = versions.get().latest(d.name());
                String sha = h.sha256().get();
                entries.add(entry(
                        h,
                        latest.flatMap(AssetVersions.Version::dataHash)
                                        .filter(sha::equals)
                                        .isPresent()
                                ? new Outcome.WouldKeep(latest.get().version())
                                : new Outcome.WouldCreate(
                                        versions.get().next(d.name()), latest.map(AssetVersions.Version::version))));
            } catch (ArmException e) {
                // A dry run still lists every file and hash when the workspace cannot be read.
                unknown = "could not read workspace " + ws.get().name() + ": " + e.getMessage();
                notes.add(unknown);
                entries.add(entry(h, new Outcome.Unknown(unknown)));
            }
        }
        RegisterResult result = new RegisterResult(true, ws, entries, notes);
        request.outputFile().ifPresent(f -> RegisterSummary.write(result, request.useCaseDir(), f));
        return result;
    }

    // -- steps ---------------------------------------------------------------------------------------------

    private List<Hashed> hash(List<DatasetSource> datasets, Path useCaseDir) {
        List<Problem> problems = new ArrayList<>();
        List<Hashed> out = new ArrayList<>();
        for (DatasetSource d : datasets) {
            YLocation at = d.location() == null ? YLocation.unknown(null) : d.location();
            if (!AssetRef.NAME.matcher(d.name()).matches()) {
                problems.add(Problem.error(
                        at.file(),
                        at.line(),
                        at.column(),
                        "dataset name '" + d.name() + "' cannot name a data asset",
                        "rename the dataset: letters, digits, '-', '_' and '.', starting with a letter or digit"));
                continue;
            }
            if (d.file().isEmpty()) {
                out.add(new Hashed(d, Optional.empty(), 0));
                continue;
            }
            Path file = d.file().get();
            if (!Files.isRegularFile(file)) {
                problems.add(Problem.error(
                        at.file(),
                        at.line(),
                        at.column(),
                        "data file of dataset '" + d.name() + "' not found: " + looked(useCaseDir, d.source(), file),
                        "fix the dataset's source '" + d.source()
                                + "' (relative to the use case, or under data/), or create the file"));
                continue;
            }
            try {
                out.add(new Hashed(d, Optional.of(Sha256.of(file)), Files.size(file)));
            } catch (IOException e) {
                problems.add(Problem.error(
                        at.file(),
                        at.line(),
                        at.column(),
                        "cannot read the data file of dataset '" + d.name() + "' (" + file + "): " + e.getMessage(),
                        "check the file's permissions"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems, "nothing was registered.");
        }
        return out;
    }

    /** {@code <use case>/x.jsonl}, or both places the template's rule looks in. */
    private static String looked(Path useCaseDir, String source, Path file) {
        Path direct = useCaseDir.resolve(source).normalize();
        return direct.equals(file) ? file.toString() : "neither " + direct + " nor " + file + " exists";
    }

    private Datastore datastore(ArmClient arm, AzureWorkspace ws, Optional<String> name) {
        Optional<String> blobEndpoint = DataOpsAzure.blobEndpoint(env);
        try {
            return name.isPresent()
                    ? Datastore.named(arm, ws, name.get(), blobEndpoint, masker)
                    : Datastore.defaultOf(arm, ws, blobEndpoint, masker);
        } catch (ArmNotFoundException e) {
            throw ConfigException.of(
                    name.map(n -> "datastore '" + n + "' does not exist in workspace " + ws.name())
                            .orElse("workspace " + ws.name() + " has no default datastore"),
                    name.isPresent()
                            ? "pass the name of an existing blob datastore to --datastore, or create it (llmops data"
                                    + " datastore); nothing was registered"
                            : "set a default datastore in Azure ML studio (Data > Datastores), or pass --datastore;"
                                    + " nothing was registered");
        }
    }

    private Outcome.Upload upload(BlobStore blobs, Datastore ds, DatasetSource d, String sha, long size) {
        Path file = d.file().orElseThrow();
        String path = PREFIX + sha + "/" + file.getFileName();
        String where = ds.name() + "/" + path;
        Optional<BlobStore.BlobInfo> there = blobs.properties(ds.target(), ds.auth(), path);
        if (there.isPresent() && there.get().size() == size) {
            log.accept(d.name() + ": " + file.getFileName() + " is on " + where + " already; not uploaded again");
            return new Outcome.Upload(ds.name(), path, size, 0, 0, true);
        }
        log.accept(d.name() + ": uploading " + file.getFileName() + " (" + human(size) + ") to " + where);
        BlobStore.Uploaded up;
        try {
            up = blobs.upload(ds.target(), ds.auth(), path, file, new Progress(d.name(), log));
        } catch (ArmException e) {
            log.accept(d.name() + ": upload interrupted; nothing was registered for it. Run the command again:"
                    + " blocks already staged are kept (7 days) and not sent again");
            throw e;
        }
        if (up.resumed() > 0) {
            log.accept(d.name() + ": resumed an interrupted upload: " + up.resumed() + " of " + up.blocks()
                    + " blocks were staged already and not sent again");
        }
        return new Outcome.Upload(ds.name(), path, size, up.blocks(), up.resumed(), false);
    }

    /**
     * The version each {@code azureml:} dataset reads, by dataset name.
     *
     * @throws ConfigException naming every dataset whose asset or version does not exist; nothing is registered then
     */
    private static Map<String, String> remoteVersions(List<Hashed> hashed, AssetLookup lookup, AzureWorkspace ws) {
        Map<String, String> found = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Hashed h : hashed) {
            DatasetSource d = h.dataset();
            Optional<AssetRef> ref = AssetRef.parse(d.source());
            if (h.sha256().isPresent() || ref.isEmpty()) {
                continue;
            }
            try {
                found.put(d.name(), lookup.version(ws, ref.get()));
            } catch (DataAssetException e) {
                YLocation at = d.location() == null ? YLocation.unknown(null) : d.location();
                problems.add(Problem.error(
                        at.file(),
                        at.line(),
                        at.column(),
                        "dataset '" + d.name() + "' reads " + d.source() + ": " + e.getMessage(),
                        e.hint()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems, "nothing was registered.");
        }
        return found;
    }

    private static Outcome skipped(DatasetSource d, Optional<String> version, List<String> notes) {
        String reason = "reads data asset " + d.source()
                + version.map(v -> " (version " + v + ")").orElse("") + " already";
        notes.add("dataset '" + d.name() + "' " + reason + "; not registered");
        return new Outcome.Skipped(reason);
    }

    private static RegisterResult.Entry entry(Hashed h, Outcome outcome) {
        return new RegisterResult.Entry(
                h.dataset().name(), h.dataset().source(), h.dataset().file(), h.sha256(), h.size(), outcome);
    }

    static String brief(String sha) {
        return sha.substring(0, Math.min(12, sha.length()));
    }

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 40.0 MiB}. */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** One line per tenth of a staged upload, and one at the end. */
    private static final class Progress implements BlobStore.Progress {
        private final String dataset;
        private final Consumer<String> log;
        private int shownTenths = 0;

        Progress(String dataset, Consumer<String> log) {
            this.dataset = dataset;
            this.log = log;
        }

        @Override
        public void bytes(long done, long total) {
            int tenths = total == 0 ? 10 : (int) (done * 10 / total);
            if (tenths > shownTenths || done == total) {
                shownTenths = Math.max(tenths, shownTenths + 1);
                log.accept(dataset + ": " + human(done) + " of " + human(total) + " ("
                        + (total == 0 ? 100 : done * 100 / total) + "%)");
            }
        }
    }
}
