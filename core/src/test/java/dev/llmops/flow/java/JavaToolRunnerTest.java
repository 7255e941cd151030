package dev.llmops.flow.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import dev.llmops.flow.tool.ToolException;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolInvocation.SourceType;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.llm.ConnectionConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaToolRunnerTest {

    private final JavaToolRunner runner = new JavaToolRunner();

    @AfterEach
    void stop() {
        runner.close();
    }

    private static Path flowDir() {
        try {
            return Path.of(
                    JavaToolRunnerTest.class.getResource("/tools/javaflow").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ToolInvocation code(Path dir, String file, Map<String, Object> inputs, boolean aggregation) {
        return new ToolInvocation("node_" + file, dir, file, SourceType.CODE, inputs, Map.of(), Map.of(), aggregation);
    }

    private static ToolInvocation code(String file, Map<String, Object> inputs) {
        return code(flowDir(), file, inputs, false);
    }

    private static ToolInvocation type(String className, Map<String, Object> inputs) {
        return new ToolInvocation(
                "node_class", flowDir(), className, SourceType.CLASS, inputs, Map.of(), Map.of(), false);
    }

    @Test
    void should_compile_a_code_tool_and_convert_generic_and_record_inputs() {
        // when
        ToolResult result = runner.invoke(code(
                "Cleansing.java",
                Map.of(
                        "entities", List.of(" Paris ", "", "Rome", "Paris", "Oslo"),
                        "hint", Map.of("prefix", "city:", "limit", 2, "ignored", true))));

        // then
        assertThat(result.output()).isEqualTo(Map.of("entities", List.of("city:Paris", "city:Rome"), "count", 2));
        assertThat(result.metrics()).isEmpty();
    }

    @Test
    void should_report_compiler_errors_with_file_and_line() {
        // when
        ToolException error =
                catchThrowableOfType(ToolException.class, () -> runner.invoke(code("Broken.java", Map.of())));

        // then
        assertThat(error.getMessage())
                .contains("node 'node_Broken.java'")
                .contains("java tool Broken.java does not compile: Broken.java:7:")
                .contains("cannot find symbol");
        assertThat(error.detail()).contains("Broken.java:7:").contains("lenght()");
    }

    @Test
    void should_compile_the_same_source_once_and_recompile_after_an_edit(@TempDir Path dir) throws IOException {
        // given
        String source = """
                import dev.llmops.tool.Tool;

                public class Identity {
                    @Tool
                    public static int id() {
                        return System.identityHashCode(Identity.class) + %d;
                    }
                }
                """;
        Path file = dir.resolve("Identity.java");
        Files.writeString(file, source.formatted(0));

        // when
        Object first =
                runner.invoke(code(dir, "Identity.java", Map.of(), false)).output();
        Object second =
                runner.invoke(code(dir, "Identity.java", Map.of(), false)).output();
        Files.writeString(file, source.formatted(0).replace("Identity.class) + 0", "Identity.class) + 0 "));
        Object edited =
                runner.invoke(code(dir, "Identity.java", Map.of(), false)).output();

        // then
        assertThat(second).isEqualTo(first);
        assertThat(edited).isNotEqualTo(first);
    }

    @Test
    void should_call_a_class_tool_on_one_shared_instance() {
        // when
        ToolResult first =
                runner.invoke(type("dev.llmops.flow.java.fixtures.Shouter", Map.of("text", "hey", "times", 2)));
        ToolResult second =
                runner.invoke(type("dev.llmops.flow.java.fixtures.Shouter", Map.of("text", "yo", "times", 1)));

        // then
        assertThat(first.output()).isEqualTo("HEYHEY#1");
        assertThat(second.output()).isEqualTo("YO#2");
    }

    @Test
    void should_call_a_tool_method_inherited_from_an_abstract_base_class() {
        // when
        ToolResult result = runner.invoke(type("dev.llmops.flow.java.fixtures.FrenchGreeter", Map.of("name", "Ada")));

        // then
        assertThat(result.output()).isEqualTo("Bonjour, Ada");
    }

    @Test
    void should_pass_the_connection_an_input_names(@TempDir Path dir) throws IOException {
        // given
        Files.writeString(dir.resolve("Endpoint.java"), """
                import dev.llmops.llm.ConnectionConfig;
                import dev.llmops.tool.Tool;

                public class Endpoint {
                    @Tool
                    public static String endpoint(ConnectionConfig search, String path) {
                        return search.property("endpoint") + path;
                    }
                }
                """);
        ConnectionConfig search = new ConnectionConfig(
                "search", "CustomConnection", Map.of("endpoint", "https://search.example"), Set.of());

        // when
        ToolResult result = runner.invoke(new ToolInvocation(
                "endpoint",
                dir,
                "Endpoint.java",
                SourceType.CODE,
                Map.of("search", "search", "path", "/indexes"),
                Map.of("search", search),
                Map.of(),
                false));

        // then
        assertThat(result.output()).isEqualTo("https://search.example/indexes");
    }

    @Test
    void should_reject_a_class_with_two_tool_methods() {
        // when
        ToolException error =
                catchThrowableOfType(ToolException.class, () -> runner.invoke(code("TwoTools.java", Map.of("x", "a"))));

        // then
        assertThat(error.getMessage())
                .contains("TwoTools.java has 2 @Tool methods (TwoTools.first(String), TwoTools.second(String))")
                .contains("keep exactly one");
    }

    @Test
    void should_reject_a_class_without_tool_method() {
        // when
        ToolException error = catchThrowableOfType(
                ToolException.class,
                () -> runner.invoke(type("dev.llmops.flow.java.fixtures.NoTool", Map.of("text", "a"))));

        // then
        assertThat(error.getMessage()).contains("has no method annotated @dev.llmops.tool.Tool");
    }

    @Test
    void should_name_a_class_tool_missing_from_the_classpath() {
        // when
        ToolException error =
                catchThrowableOfType(ToolException.class, () -> runner.invoke(type("com.acme.Missing", Map.of())));

        // then
        assertThat(error.getMessage()).contains("java tool class com.acme.Missing is not on the classpath");
    }

    @Test
    void should_fail_with_the_tool_stack_trace_without_reflection_frames() {
        // when
        ToolException error = catchThrowableOfType(
                ToolException.class, () -> runner.invoke(code("Failing.java", Map.of("number", "x1"))));

        // then
        assertThat(error.getMessage())
                .contains(
                        "node 'node_Failing.java' (Failing.java): java.lang.IllegalArgumentException: not a number: x1");
        assertThat(error.detail())
                .contains("at Failing.checked(Failing.java:")
                .contains("at Failing.parse(Failing.java:7)")
                .contains("Caused by: java.lang.NumberFormatException")
                .doesNotContain("jdk.internal.reflect")
                .doesNotContain("dev.llmops.flow.java");
    }

    @Test
    void should_name_inputs_the_tool_does_not_take() {
        // when
        ToolException error = catchThrowableOfType(
                ToolException.class,
                () -> runner.invoke(
                        type("dev.llmops.flow.java.fixtures.Shouter", Map.of("text", "a", "times", 1, "loud", true))));

        // then
        assertThat(error.getMessage()).contains("has no parameter(s) loud");
    }

    @Test
    void should_refuse_a_missing_primitive_input() {
        // when
        ToolException error = catchThrowableOfType(
                ToolException.class,
                () -> runner.invoke(type("dev.llmops.flow.java.fixtures.Shouter", Map.of("text", "a"))));

        // then
        assertThat(error.getMessage()).contains("needs input 'times' (a int cannot be null)");
    }

    @Test
    void should_name_an_input_that_cannot_be_converted() {
        // when
        ToolException error = catchThrowableOfType(
                ToolException.class,
                () -> runner.invoke(
                        type("dev.llmops.flow.java.fixtures.Shouter", Map.of("text", "a", "times", "many"))));

        // then
        assertThat(error.getMessage()).contains("input 'times' cannot be converted to int");
    }

    @Test
    void should_turn_an_aggregation_tool_result_and_logged_values_into_metrics() {
        // when
        ToolResult result = runner.invoke(
                code(flowDir(), "Accuracy.java", Map.of("grades", List.of("Correct", "Wrong", "Correct")), true));

        // then
        assertThat(result.metrics()).containsOnly(entry("accuracy", 0.67), entry("lines", 3));
        assertThat(result.output()).asInstanceOf(MAP).containsEntry("accuracy", 0.67);
    }

    @Test
    void should_serve_parallel_calls_compiling_once() throws Exception {
        // given
        List<Future<ToolResult>> futures = new ArrayList<>();

        // when
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                int limit = 1 + i % 3;
                futures.add(callers.submit(() -> runner.invoke(code(
                        "Cleansing.java",
                        Map.of("entities", List.of("a", "b", "c"), "hint", Map.of("prefix", "", "limit", limit))))));
            }
        }

        // then
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).get().output()).asInstanceOf(MAP).containsEntry("count", 1 + i % 3);
        }
    }
}
