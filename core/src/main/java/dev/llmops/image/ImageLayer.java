package dev.llmops.image;

import java.util.List;

/**
 * One application layer: files that change together, so that a change to the flow alone rebuilds and pushes only
 * the flow's layer.
 *
 * @param name what the layer holds ({@code llmops}, {@code use-case}, {@code flow})
 * @param files the files, sorted by target path
 */
public record ImageLayer(String name, List<ImageFile> files) {

    public ImageLayer {
        files = List.copyOf(files);
    }
}
