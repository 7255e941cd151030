package dev.llmops.dataops;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A data asset version made available as a local file in the {@link AssetCache}.
 *
 * @param ref the source as written in the experiment
 * @param name the asset name
 * @param version the version resolved (for {@code @latest}: the one latest when the run started)
 * @param sha256 SHA-256 of the file's bytes, lower-case hex; equal to the asset's {@code data_hash} tag when it has one
 * @param file the cached copy (read it, never write it)
 * @param dataUri where the asset's file lives in Azure ({@code azureml://.../datastores/<ds>/paths/<path>})
 * @param origin whether it was downloaded now or read from the cache
 * @param note a warning to show with it (a cached version used because Azure could not be asked), or null
 */
public record FetchedAsset(
        AssetRef ref,
        String name,
        String version,
        String sha256,
        Path file,
        String dataUri,
        Origin origin,
        String note) {

    /** Where the file came from this time. */
    public enum Origin {
        DOWNLOADED,
        CACHED
    }

    public FetchedAsset {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(origin, "origin");
    }

    /** {@code azureml:<name>:<version>}: what a run records and a report shows. */
    public String label() {
        return AssetRef.PREFIX + name + ":" + version;
    }

    public Optional<String> warning() {
        return Optional.ofNullable(note);
    }

    /** One line for the console: {@code azureml:ner:3 (sha256 1a2b3c4d5e6f, downloaded)}. */
    public String describe() {
        return label() + " (sha256 " + sha256.substring(0, Math.min(12, sha256.length())) + ", "
                + (origin == Origin.DOWNLOADED ? "downloaded" : "from the cache") + ")";
    }
}
