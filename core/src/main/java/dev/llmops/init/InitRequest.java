package dev.llmops.init;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code llmops init} should scaffold.
 *
 * @param directory the use-case folder to create or fill (absolute, or resolved against the working dir first)
 * @param template the template to copy
 * @param name the use-case name; empty to derive it from the folder name
 */
public record InitRequest(Path directory, InitTemplate template, Optional<String> name) {

    public InitRequest {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(name, "name");
    }
}
