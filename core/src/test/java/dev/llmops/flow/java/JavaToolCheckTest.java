package dev.llmops.flow.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.error.Problem;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolInvocation.SourceType;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JavaToolCheckTest {

    private final JavaToolRunner runner = new JavaToolRunner();

    @AfterEach
    void stop() {
        runner.close();
    }

    private static Path flowDir() {
        try {
            return Path.of(
                    JavaToolCheckTest.class.getResource("/tools/javaflow").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ToolInvocation invocation(String source, SourceType type, Map<String, Object> inputs) {
        return new ToolInvocation("node", flowDir(), source, type, inputs, Map.of(), Map.of(), false);
    }

    @Test
    void should_report_each_compiler_error_at_its_line_and_column() {
        // when
        List<Problem> problems = runner.check(invocation("Broken.java", SourceType.CODE, Map.of("text", "x")));

        // then
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(flowDir().resolve("Broken.java"));
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.column()).isEqualTo(26);
            assertThat(p.message()).contains("cannot find symbol");
        });
    }

    @Test
    void should_accept_a_tool_whose_parameters_match_the_inputs() {
        // when
        List<Problem> problems = runner.check(
                invocation("dev.llmops.flow.java.fixtures.Shouter", SourceType.CLASS, Map.of("text", "a", "times", 2)));

        // then
        assertThat(problems).isEmpty();
    }

    @Test
    void should_report_unknown_inputs_and_missing_primitive_inputs() {
        // when
        List<Problem> problems =
                runner.check(invocation("dev.llmops.flow.java.fixtures.Shouter", SourceType.CLASS, Map.of("txt", "a")));

        // then
        assertThat(problems)
                .extracting(Problem::message)
                .containsExactly(
                        "node 'node': Shouter.shout(String, int) in dev.llmops.flow.java.fixtures.Shouter has no"
                                + " parameter(s) txt; remove these node inputs or add the parameters",
                        "node 'node': Shouter.shout(String, int) in dev.llmops.flow.java.fixtures.Shouter needs"
                                + " input 'times' (a int cannot be null)");
    }
}
