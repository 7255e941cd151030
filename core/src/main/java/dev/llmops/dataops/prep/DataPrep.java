package dev.llmops.dataops.prep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.SystemEnv;
import dev.llmops.azure.ArmNotFoundException;
import dev.llmops.azure.BlobStore;
import dev.llmops.azure.DefaultArmCredential;
import dev.llmops.dataops.DataOpsAzure;
import dev.llmops.dataops.Sha256;
import dev.llmops.dataops.SummaryFile;
import dev.llmops.dataops.config.DataOpsConfig;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code llmops data prep}: the template's data preparation ({@code prep_data.py}) run by llmops itself: the CSV
 * blob {@code STORAGE.SOURCE_BLOB} in {@code SOURCE_CONTAINER} becomes JSON Lines ({@link CsvToJsonLines}), written
 * (overwriting) to every {@code DATA_ASSETS[].PATH} in {@code TARGET_CONTAINER} of {@code STORAGE_ACCOUNT}. The
 * source is converted completely before anything is written, so a malformed CSV writes nothing; each target is
 * uploaded as one blob (staged blocks for large ones), visible only once complete.
 */
public final class DataPrep {

    private final SystemEnv env;
    private final Consumer<String> log;

    /** @param log receives progress, one line each (the CLI prints it on stderr) */
    public DataPrep(SystemEnv env, Consumer<String> log) {
        this.env = env;
        this.log = log;
    }

    /**
     * @throws ConfigException when the source blob or a container does not exist, or the CSV is malformed
     * @throws dev.llmops.azure.ArmException when the storage account refuses the credentials or fails
     */
    public PrepResult prep(PrepRequest request) {
        DataOpsConfig.Storage s = request.config().storage();
        BlobStore.Auth auth = request.accountKey()
                .<BlobStore.Auth>map(BlobStore.Auth.AccountKey::new)
                .orElseGet(() -> new BlobStore.Auth.Entra(new DefaultArmCredential(env, Clock.systemUTC())));
        BlobStore blobs = new BlobStore();
        Path work;
        try {
            work = Files.createTempDirectory("llmops-prep");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for data prep", e);
        }
        try {
            Path csv = work.resolve("source.csv");
            String source = s.sourceContainer() + "/" + s.sourceBlob();
            log.accept("reading " + source + " of storage account " + s.account());
            try {
                blobs.download(target(s, s.sourceContainer()), auth, s.sourceBlob(), csv, BlobStore.Progress.NONE);
            } catch (ArmNotFoundException e) {
                throw ConfigException.at(
                        request.config().file(),
                        0,
                        0,
                        "STORAGE.SOURCE_BLOB: " + source + " is not in storage account " + s.account() + " ("
                                + e.getMessage() + ")",
                        "upload the CSV there, or fix STORAGE.SOURCE_CONTAINER and STORAGE.SOURCE_BLOB; nothing was"
                                + " written");
            }
            Path jsonl = work.resolve("prepared.jsonl");
            CsvToJsonLines.Converted converted = convert(csv, jsonl, source);
            String sha = Sha256.of(jsonl);
            long bytes = Files.size(jsonl);
            List<PrepResult.Target> targets = new ArrayList<>();
            for (DataOpsConfig.Asset asset : request.config().assets()) {
                PrepResult.Target t = new PrepResult.Target(asset.name(), s.targetContainer(), asset.path());
                targets.add(t);
                if (request.dryRun()) {
                    continue;
                }
                log.accept("writing " + converted.rows() + " rows to " + t.container() + "/" + t.path());
                try {
                    blobs.upload(target(s, s.targetContainer()), auth, asset.path(), jsonl, BlobStore.Progress.NONE);
                } catch (ArmNotFoundException e) {
                    throw ConfigException.at(
                            request.config().file(),
                            0,
                            0,
                            "STORAGE.TARGET_CONTAINER: container " + s.targetContainer() + " does not exist in storage"
                                    + " account " + s.account() + " (" + e.getMessage() + ")",
                            "create the container, or fix STORAGE.TARGET_CONTAINER"
                                    + (targets.size() > 1
                                            ? "; the assets before " + asset.label() + " were written"
                                            : ""));
                }
            }
            PrepResult result = new PrepResult(
                    request.dryRun(),
                    s,
                    converted.rows(),
                    List.copyOf(converted.columns().keySet()),
                    sha,
                    bytes,
                    targets);
            request.outputFile().ifPresent(f -> SummaryFile.write(json(result), f));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("data prep in " + work + ": " + e.getMessage(), e);
        } finally {
            delete(work);
        }
    }

    private BlobStore.Target target(DataOpsConfig.Storage s, String container) {
        return BlobStore.Target.of(s.account(), "https", "core.windows.net", container, DataOpsAzure.blobEndpoint(env));
    }

    /** The conversion, with a malformed row reported at the blob, not at the temporary copy. */
    private static CsvToJsonLines.Converted convert(Path csv, Path jsonl, String source) throws IOException {
        try {
            return CsvToJsonLines.convert(csv, jsonl);
        } catch (ConfigException e) {
            List<Problem> at = e.problems().stream()
                    .map(p -> p.file() != null && p.file().equals(csv)
                            ? new Problem(p.severity(), Path.of(source), p.line(), p.column(), p.message(), p.hint())
                            : p)
                    .toList();
            throw new ConfigException(at, "nothing was written.");
        }
    }

    static ObjectNode json(PrepResult r) {
        ObjectNode root = SummaryFile.object();
        root.put("dry_run", r.dryRun());
        root.putObject("source")
                .put("storage_account", r.storage().account())
                .put("container", r.storage().sourceContainer())
                .put("blob", r.storage().sourceBlob());
        root.put("rows", r.rows());
        var columns = root.putArray("columns");
        r.columns().forEach(columns::add);
        root.put("sha256", r.sha256());
        root.put("bytes", r.bytes());
        var targets = root.putArray("targets");
        for (PrepResult.Target t : r.targets()) {
            targets.addObject()
                    .put("asset", t.asset())
                    .put("container", t.container())
                    .put("path", t.path())
                    .put("written", !r.dryRun());
        }
        return root;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
