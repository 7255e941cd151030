package dev.llmops.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code --output-file}: the names of the runs an experiment produced, as a JSON list ({@code ["run1", "run2"]}),
 * which the evaluation step (and the template's {@code prompt_eval}) reads.
 */
public final class RunIdsFile {

    private RunIdsFile() {}

    public static void write(Path file, List<String> runNames) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".run-ids", ".tmp");
            Files.writeString(tmp, new ObjectMapper().writeValueAsString(runNames));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
