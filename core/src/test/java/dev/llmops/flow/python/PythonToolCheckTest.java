package dev.llmops.flow.python;

import static dev.llmops.flow.python.PythonFixtures.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.error.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonToolCheckTest {

    private PythonToolRunner runner;

    @BeforeAll
    void start() {
        runner = new PythonToolRunner(PythonFixtures.options(1));
    }

    @AfterAll
    void stop() {
        runner.close();
    }

    @Test
    void should_accept_a_loadable_tool_without_calling_it() {
        // when: calling compute(1, 0) would raise ZeroDivisionError
        List<Problem> problems = runner.check(call("fails.py", Map.of("numerator", 1, "denominator", 0)));

        // then
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "syntax_error.py     | 5 | SyntaxError",
                "missing_package.py  | 3 | No module named 'llmops_no_such_package_xyz'",
            })
    void should_locate_import_failures_in_the_tool_file(String source, int line, String message) {
        // when
        List<Problem> problems = runner.check(call(source, Map.of("text", "x")));

        // then
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(PythonFixtures.flowDir().resolve(source));
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message())
                    .contains("node_" + source.replace(".py", ""))
                    .contains(message);
        });
    }

    @Test
    void should_report_inputs_the_tool_does_not_take() {
        // when
        List<Problem> problems = runner.check(call("greet.py", Map.of("name", "x", "colour", "red")));

        // then
        assertThat(problems)
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("greet() in greet.py has no parameter(s) colour");
    }
}
