package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code validate} and {@code run} agree on every case of the broken-input corpus ({@code
 * core/src/test/resources/experiment/broken}, listed in its {@code cases.csv}): both exit 2 and both name the
 * expected problem at the same {@code file:line:col}, so nothing validate passes is refused by run, and nothing run
 * refuses slips through validate.
 */
class ValidateRunAgreementTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void copyCorpus() throws IOException {
        // A copy outside the repository keeps the lookup of a repository-root .env hermetic.
        Path source = corpus();
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

    static Stream<Arguments> cases() {
        try {
            List<Arguments> out = new ArrayList<>();
            for (String line : Files.readAllLines(corpus().resolve("cases.csv"))) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|", -1);
                String env = f[1].strip();
                out.add(Arguments.of(f[0].strip(), env.isEmpty() ? null : env, f[2].strip(), f[3].strip()));
            }
            return out.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("cases")
    void should_reject_in_run_what_validate_rejects_at_the_same_place(
            String useCase, String env, String where, String message) {
        // when
        CliResult validated = CliRun.in(root).run(args("validate", useCase, env));
        CliResult ran = CliRun.in(root).run(args("run", useCase, env));

        // then
        String expected = Path.of(useCase, where) + ": error: ";
        for (CliResult result : List.of(validated, ran)) {
            assertThat(result.exitCode())
                    .as("exit code of %s", result == validated ? "validate" : "run")
                    .isEqualTo(2);
            assertThat(result.err().lines())
                    .as("errors of %s", result == validated ? "validate" : "run")
                    .anySatisfy(l -> assertThat(l).startsWith(expected).contains(message));
        }
        assertThat(root.resolve(useCase).resolve(".llmops")).doesNotExist();
    }

    private static String[] args(String command, String useCase, String env) {
        return env == null ? new String[] {command, "-u", useCase} : new String[] {command, "-u", useCase, "-e", env};
    }

    private static Path corpus() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path corpus = dir.resolve("core/src/test/resources/experiment/broken");
            if (Files.isDirectory(corpus)) {
                return corpus;
            }
        }
        throw new IllegalStateException(
                "the broken-input corpus is not found above " + Path.of("").toAbsolutePath());
    }
}
