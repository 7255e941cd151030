package dev.llmops.image;

import java.util.List;

/**
 * A built image.
 *
 * @param image the image reference as given
 * @param digest the manifest digest ({@code sha256:...}): {@code IMAGE@DIGEST} pulls exactly this image
 * @param imageId the config digest, what {@code docker images} shows as the image id
 * @param tags every tag written (the given one and the build id's)
 * @param base the base image
 * @param target where it went: {@code registry}, {@code tar:FILE} or {@code oci:DIR}
 * @param layers the application layers on top of the base, with their file counts
 */
public record ImageResult(
        String image,
        String digest,
        String imageId,
        List<String> tags,
        String base,
        String target,
        List<Layer> layers) {

    public ImageResult {
        tags = List.copyOf(tags);
        layers = List.copyOf(layers);
    }

    /** An application layer: its name and how many files it holds. */
    public record Layer(String name, int files) {}
}
