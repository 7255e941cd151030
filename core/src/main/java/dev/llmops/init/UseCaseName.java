package dev.llmops.init;

import dev.llmops.error.ConfigException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name of a scaffolded use case: the experiment name, dataset prefix and recordings file name. Limited to
 * {@code [a-z0-9_]} so it is safe in file names, YAML keys and CI job names without quoting.
 */
final class UseCaseName {

    private static final Pattern VALID = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)*");

    private UseCaseName() {}

    /** {@code My Use-Case.v2} becomes {@code my_use_case_v2}; may return an empty string. */
    static String sanitise(String raw) {
        return raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    }

    /** The explicit {@code --name}, or the folder name made valid. */
    static String choose(String explicit, String folderName) {
        if (explicit != null) {
            if (!VALID.matcher(explicit).matches()) {
                String suggestion = sanitise(explicit);
                throw ConfigException.of(
                        "invalid use-case name '" + explicit + "': use lower-case letters, digits and single '_'",
                        suggestion.isEmpty() ? "for example --name my_use_case" : "for example --name " + suggestion);
            }
            return explicit;
        }
        String fromFolder = sanitise(folderName);
        if (fromFolder.isEmpty()) {
            throw ConfigException.of(
                    "cannot derive a use-case name from the folder name '" + folderName + "'",
                    "give one with --name, for example --name my_use_case");
        }
        return fromFolder;
    }
}
