package dev.llmops.deploy.aml;

import dev.llmops.image.BaseImage;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code llmops deploy} builds the image itself when no {@code --image} is given, with {@code llmops build}'s
 * code: pushed to {@code <registry>/<experiment>_<env>:<build id or latest>} and deployed by its digest, so the
 * environment version changes exactly when the image does.
 *
 * @param registry the registry and optional repository prefix, e.g. {@code myacr.azurecr.io} or
 *     {@code myacr.azurecr.io/llmops}
 * @param base the base image; empty for {@code llmops build}'s default
 * @param jar the llmops jar put in the image
 * @param insecure allow a registry over plain HTTP or with an untrusted certificate
 * @param cacheDir where base-image layers are cached
 * @param variant the variant selection the image serves; empty for the defaults
 * @param gitSha the commit label; empty when unknown
 */
public record AmlImageBuild(
        String registry,
        Optional<BaseImage> base,
        Path jar,
        boolean insecure,
        Path cacheDir,
        Optional<String> variant,
        Optional<String> gitSha) {

    public AmlImageBuild {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(cacheDir, "cacheDir");
    }

    /** {@code <registry>/<experiment>_<env>}, lower-case as registries require. */
    public String repository(String experiment, String env) {
        String r = registry.strip();
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        return r + "/" + (experiment + "_" + env).toLowerCase(java.util.Locale.ROOT);
    }
}
