package dev.llmops.report;

import dev.llmops.SystemEnv;
import dev.llmops.error.StateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Appends the comparison tables and gate verdicts as Markdown to the file named by {@code GITHUB_STEP_SUMMARY},
 * which GitHub Actions shows on the run's summary page. Does nothing outside GitHub Actions.
 */
public final class GithubSummaryWriter implements ReportWriter {

    public static final String VARIABLE = "GITHUB_STEP_SUMMARY";

    private final SystemEnv env;

    public GithubSummaryWriter(SystemEnv env) {
        this.env = env;
    }

    @Override
    public List<Path> write(ReportModel model, Path reportDir) {
        Optional<String> target = env.get(VARIABLE).filter(s -> !s.isBlank());
        if (target.isEmpty()) {
            return List.of();
        }
        Path file = env.resolve(target.get());
        try {
            // Appended, not replaced: other steps of the job write to the same summary.
            Files.writeString(
                    file,
                    Markdown.summary(model),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new StateException(
                    "cannot append the job summary to " + file + " ($" + VARIABLE + "): " + e.getMessage(), e);
        }
        return List.of(file);
    }
}
