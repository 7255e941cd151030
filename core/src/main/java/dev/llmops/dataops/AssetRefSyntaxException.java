package dev.llmops.dataops;

/** A dataset source starts with {@code azureml:} but names no data asset. Fix the source; retrying does not help. */
public final class AssetRefSyntaxException extends IllegalArgumentException {

    private final String hint;

    public AssetRefSyntaxException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    /** How to write it instead. */
    public String hint() {
        return hint;
    }
}
