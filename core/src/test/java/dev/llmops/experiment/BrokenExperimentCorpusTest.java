package dev.llmops.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.llmops.SystemEnv;
import dev.llmops.data.DataReader;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.secret.SecretMasker;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Every broken experiment or data file under {@code experiment/broken} must give a clear error at the right
 * place, as a {@link ConfigException} (which the CLI prints as one line per problem, without a stack trace).
 */
class BrokenExperimentCorpusTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void copyCorpus() throws IOException, URISyntaxException {
        // A copy outside the repository keeps the lookup of a repository-root .env hermetic.
        Path source = Path.of(BrokenExperimentCorpusTest.class
                .getResource("/experiment/broken")
                .toURI());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path target = root.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/experiment/broken/cases.csv", delimiter = '|', quoteCharacter = '"')
    void should_report_a_clear_error_at_the_right_place(String useCase, String env, String where, String message) {
        // given
        ExperimentValidator validator = new ExperimentValidator(new ExperimentLoader(), new DataReader());
        ExperimentRequest request = new ExperimentRequest(Path.of(useCase), env, null, true);

        // when
        // python tools are checked by a real python3, found on the PATH
        SystemEnv system = new SystemEnv(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), root);
        Throwable thrown = catchThrowable(() -> validator.validate(request, system, new SecretMasker()));

        // then
        assertThat(thrown).isExactlyInstanceOf(ConfigException.class);
        String expectedPrefix = Path.of(useCase, where) + ": error: ";
        assertThat(((ConfigException) thrown).problems())
                .filteredOn(Problem::isError)
                .map(Problem::format)
                .anySatisfy(line -> assertThat(line).startsWith(expectedPrefix).contains(message));
    }
}
