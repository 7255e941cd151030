package dev.llmops.dataops;

/**
 * A data asset could not be made available locally: the workspace is not configured, the asset or version does not
 * exist, its file is not a single blob, the download failed, or its content does not match its {@code data_hash}.
 * The message says what and the hint how to fix it; the caller adds where the source was written. Retrying helps
 * only when the message says Azure could not be reached.
 */
public final class DataAssetException extends RuntimeException {

    private final String hint;

    public DataAssetException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    public String hint() {
        return hint;
    }
}
