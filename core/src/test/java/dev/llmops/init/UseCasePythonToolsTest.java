package dev.llmops.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the python unit tests every example use case ships in {@code use-cases/<name>/tests/python}, so that
 * {@code ./mvnw verify} fails when a use case's python tool breaks. The java tools are compiled and tested by
 * Surefire directly (see the build-helper plugin in core's pom).
 */
class UseCasePythonToolsTest {

    private static final Pattern RAN = Pattern.compile("^Ran (\\d+) tests? in ", Pattern.MULTILINE);

    static Stream<Named<Path>> useCasesWithPythonTests() throws IOException {
        try (Stream<Path> useCases = Files.list(ProjectLayout.useCases())) {
            List<Path> found = useCases.filter(uc -> Files.isDirectory(uc.resolve("tests/python")))
                    .sorted()
                    .toList();
            // Guards against a moved folder silently turning this test into a no-op.
            assertThat(found).as("use cases with tests/python").isNotEmpty();
            return found.stream().map(uc -> Named.of(uc.getFileName().toString(), uc));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("useCasesWithPythonTests")
    void should_ship_the_same_tool_harness_as_the_init_templates(Path useCase) throws Exception {
        // given the one harness `llmops init` writes into every scaffold (flex_harness.py for flex flows)
        String name = java.nio.file.Files.isRegularFile(useCase.resolve("tests/python/flex_harness.py"))
                ? "flex_harness.py"
                : "tool_harness.py";
        String shared;
        try (var in = getClass().getResourceAsStream("/dev/llmops/init/common/tests/python/" + name)) {
            assertThat(in).as("shared harness resource").isNotNull();
            shared = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        // when / then: each example use case keeps its own copy (a use case folder stands alone), never a variant
        assertThat(useCase.resolve("tests/python/" + name)).hasContent(shared);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("useCasesWithPythonTests")
    void should_pass_the_use_case_python_tool_tests(Path useCase) throws Exception {
        // given
        assumeTrue(Python.available(), "python3 is not on the PATH");
        Path tests = useCase.resolve("tests/python");
        ProcessBuilder builder = new ProcessBuilder(
                        "python3", "-m", "unittest", "discover", "-s", tests.toString(), "-t", tests.toString())
                .directory(useCase.toFile())
                .redirectErrorStream(true);
        // Bytecode caches would be written into the use-case folders of the source tree.
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");

        // when
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(100, TimeUnit.SECONDS);

        // then
        assertThat(finished).as("unittest finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        Matcher ran = RAN.matcher(output);
        assertThat(ran.find()).as(output).isTrue();
        assertThat(Integer.parseInt(ran.group(1))).as(output).isPositive();
        assertThat(output).as(output).containsPattern("(?m)^OK( \\(skipped=\\d+\\))?$");
    }
}
