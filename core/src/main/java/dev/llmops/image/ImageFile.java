package dev.llmops.image;

import java.nio.file.Path;

/**
 * One file of the image.
 *
 * @param source the file on this machine
 * @param target its absolute path in the image, with forward slashes
 */
public record ImageFile(Path source, String target) {}
