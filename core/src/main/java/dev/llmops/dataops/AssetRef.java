package dev.llmops.dataops;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A dataset source that names an Azure ML data asset instead of a local file. Three spellings:
 * {@code azureml:<name>:<version>} (that version, immutable, so a cached copy is used without asking Azure),
 * {@code azureml:<name>} and {@code azureml:<name>@latest} (the asset's latest version, looked up on every run).
 */
public sealed interface AssetRef {

    String PREFIX = "azureml:";

    /** The data asset's name. */
    String name();

    /** The source as llmops writes it back: {@code azureml:<name>:<version>} or {@code azureml:<name>@latest}. */
    String label();

    /** A pinned version. */
    record Pinned(String name, String version) implements AssetRef {
        @Override
        public String label() {
            return PREFIX + name + ":" + version;
        }
    }

    /** The latest version, whichever it is when the run starts. */
    record Latest(String name) implements AssetRef {
        @Override
        public String label() {
            return PREFIX + name + "@latest";
        }
    }

    /** Azure ML's rule for asset names and versions (letters, digits, '-', '_', '.'; up to 255). */
    Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

    /** Whether a dataset source names a data asset (and so must parse). */
    static boolean isAsset(String source) {
        return source != null && source.startsWith(PREFIX);
    }

    /**
     * The data asset a dataset source names; empty for a local file.
     *
     * @throws AssetRefSyntaxException when the source starts with {@code azureml:} but is none of the three forms
     */
    static Optional<AssetRef> parse(String source) {
        if (!isAsset(source)) {
            return Optional.empty();
        }
        String rest = source.substring(PREFIX.length()).strip();
        if (rest.startsWith("//")) {
            throw new AssetRefSyntaxException(
                    "source '" + source + "' is an azureml:// datastore path, not a data asset",
                    "register the file as a uri_file data asset (llmops data register) and write azureml:<name>:<version>");
        }
        String name;
        String version = null;
        if (rest.endsWith("@latest")) {
            name = rest.substring(0, rest.length() - "@latest".length());
        } else {
            String[] parts = rest.split(":", -1);
            if (parts.length > 2) {
                throw syntax(source, parts[0]);
            }
            name = parts[0];
            version = parts.length == 2 ? parts[1] : null;
        }
        if (!NAME.matcher(name).matches()
                || (version != null && !NAME.matcher(version).matches())) {
            throw syntax(source, name);
        }
        return Optional.of(version == null ? new Latest(name) : new Pinned(name, version));
    }

    private static AssetRefSyntaxException syntax(String source, String name) {
        String example = NAME.matcher(name).matches() ? name : "my_asset";
        return new AssetRefSyntaxException(
                "source '" + source + "' is not a data asset reference",
                "write " + PREFIX + example + ":<version>, " + PREFIX + example + " or " + PREFIX + example
                        + "@latest (names and versions: letters, digits, '-', '_', '.')");
    }
}
