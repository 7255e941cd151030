package dev.llmops.dataops.register;

import java.util.Optional;

/** What became of one dataset: registered, already registered, or (in a dry run) what would happen. */
public sealed interface Outcome {

    /** A new version was registered after its file was uploaded. */
    record Created(String version, String dataUri, Upload upload) implements Outcome {}

    /** The latest version already has the file's hash: nothing was uploaded or registered. */
    record Unchanged(String version, String dataUri) implements Outcome {}

    /** Dry run: a new version would be registered; {@code latest} is the version there is now, if any. */
    record WouldCreate(String version, Optional<String> latest) implements Outcome {}

    /** Dry run: the latest version has the file's hash; nothing would change. */
    record WouldKeep(String version) implements Outcome {}

    /** Dry run without a workspace: whether a new version would be made is not known. */
    record Unknown(String reason) implements Outcome {}

    /** The dataset reads a data asset already ({@code azureml:}); there is nothing to register. */
    record Skipped(String reason) implements Outcome {}

    /**
     * The upload behind a new version.
     *
     * @param datastore the datastore's name
     * @param path the blob path inside the datastore's container
     * @param bytes the file's size
     * @param blocks blocks committed (1 for a single-request upload, 0 when the file was there already)
     * @param resumed blocks an earlier, interrupted upload had staged and that were not sent again
     * @param alreadyThere the content-addressed blob existed (an earlier run uploaded it): nothing was sent
     */
    record Upload(String datastore, String path, long bytes, int blocks, int resumed, boolean alreadyThere) {}

    /** The version a dataset has (or would have) after the command; empty when unknown or skipped. */
    default Optional<String> versionAfter() {
        return switch (this) {
            case Created c -> Optional.of(c.version());
            case Unchanged u -> Optional.of(u.version());
            case WouldCreate w -> Optional.of(w.version());
            case WouldKeep k -> Optional.of(k.version());
            case Unknown u -> Optional.empty();
            case Skipped s -> Optional.empty();
        };
    }
}
