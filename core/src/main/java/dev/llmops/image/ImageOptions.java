package dev.llmops.image;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to build the image of an {@link ImagePlan}.
 *
 * @param image the image reference, {@code REGISTRY/NAME:TAG}; also names the image inside a tarball
 * @param target where the image goes
 * @param base the base image; empty for the plan's default (a Temurin JRE, or JDK for java code tools)
 * @param insecure allow registries over plain HTTP or with certificates not trusted here (loopback registries
 *     are always allowed)
 * @param cacheDir where base-image layers are cached between builds
 */
public record ImageOptions(
        String image, ImageTarget target, Optional<BaseImage> base, boolean insecure, Path cacheDir) {

    public ImageOptions {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(cacheDir, "cacheDir");
    }
}
