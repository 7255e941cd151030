package dev.llmops.image;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import java.nio.file.Path;

/** Where the built image goes: pushed to its registry, written as a tarball, or as an OCI layout folder. */
public sealed interface ImageTarget {

    /** Push to the registry the image reference names. */
    record Registry() implements ImageTarget {}

    /** A {@code docker load}-able tarball (also readable by {@code skopeo} as {@code docker-archive:FILE}). */
    record Tar(Path file) implements ImageTarget {}

    /** An OCI image layout folder, readable by {@code skopeo} and {@code crane} as {@code oci:DIR}. */
    record OciLayout(Path dir) implements ImageTarget {}

    /**
     * Parses {@code --to}: {@code registry}, {@code tar:FILE} (or {@code docker-archive:FILE}), {@code oci:DIR}.
     *
     * @throws ConfigException for anything else
     */
    static ImageTarget parse(String text, SystemEnv env) {
        if (text == null || text.equals("registry")) {
            return new Registry();
        }
        for (String prefix : new String[] {"tar:", "docker-archive:"}) {
            if (text.startsWith(prefix) && text.length() > prefix.length()) {
                return new Tar(env.resolve(text.substring(prefix.length())));
            }
        }
        if (text.startsWith("oci:") && text.length() > "oci:".length()) {
            return new OciLayout(env.resolve(text.substring("oci:".length())));
        }
        throw ConfigException.of(
                "--to " + text + ": unknown target",
                "write registry (push, the default), tar:FILE (a docker load tarball) or oci:DIR (an OCI layout)");
    }
}
