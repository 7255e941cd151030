package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped use case must pass {@code llmops validate} (deep flow and tool checks) in every environment. */
class ShippedUseCasesValidateTest {

    /** The repository root: tests run in the cli module folder. */
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    private static final List<String> ENVIRONMENTS = List.of("none", "pr", "dev", "offline");

    static Stream<Arguments> useCasesAndEnvironments() throws IOException {
        try (Stream<Path> dirs = Files.list(REPO.resolve("use-cases"))) {
            List<String> useCases = dirs.filter(d -> Files.isRegularFile(d.resolve("experiment.yaml")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
            return useCases.stream().flatMap(u -> ENVIRONMENTS.stream().map(e -> Arguments.of(u, e)));
        }
    }

    @ParameterizedTest(name = "{0} -e {1}")
    @MethodSource("useCasesAndEnvironments")
    void should_validate_a_shipped_use_case(String useCase, String env) {
        // given
        String dir = "use-cases/" + useCase;
        String[] args = env.equals("none")
                ? new String[] {"validate", "-u", dir}
                : new String[] {"validate", "-u", dir, "-e", env};

        // when
        CliResult result = CliRun.in(REPO)
                .env("AOAI_API_KEY", "dummy-key-for-validate")
                .env("AOAI_API_BASE", "https://dummy.openai.azure.com/")
                .env("AOAI_API_VERSION", "2024-06-01")
                .run(args);

        // then
        assertThat(result)
                .succeeded()
                .outContains("OK: " + useCase + " (")
                .outContains("env " + env + ")")
                .errDoesNotContain("error:");
    }
}
