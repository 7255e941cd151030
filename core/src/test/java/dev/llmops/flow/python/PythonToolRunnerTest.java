package dev.llmops.flow.python;

import static dev.llmops.flow.python.PythonFixtures.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import dev.llmops.flow.tool.ToolException;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.llm.ConnectionConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

// One runner (one worker) for all tests: each call is independent, and that is part of what is tested.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonToolRunnerTest {

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
    void should_run_a_promptflow_tool_that_imports_a_sibling_module() {
        // when
        ToolResult result = runner.invoke(call("greet.py", Map.of("name", "ada", "punctuation", "?")));

        // then
        assertThat(result.output()).isEqualTo("HELLO ADA!?");
        assertThat(result.metrics()).isEmpty();
    }

    @Test
    void should_use_parameter_defaults_for_inputs_the_node_leaves_out() {
        // when
        ToolResult result = runner.invoke(call("greet.py", Map.of("name", "bob")));

        // then
        assertThat(result.output()).isEqualTo("HELLO BOB!.");
    }

    @Test
    void should_run_a_promptflow_core_tool_with_the_flow_folder_as_working_directory() {
        // when
        ToolResult result = runner.invoke(call("read_data.py", Map.of("file_name", "data.txt")));

        // then
        assertThat(result.output())
                .isEqualTo(Map.of(
                        "content",
                        "line from data.txt",
                        "cwd",
                        PythonFixtures.flowDir().toString()));
    }

    @Test
    void should_pass_connection_objects_for_inputs_that_name_connections() {
        // given
        ConnectionConfig aoai = new ConnectionConfig(
                "aoai",
                "AzureOpenAIConnection",
                Map.of("api_base", "https://example.openai.azure.com", "api_key", "secret-key-123"),
                Set.of("api_key"));
        ConnectionConfig search = new ConnectionConfig(
                "search",
                "CustomConnection",
                Map.of("endpoint", "https://search.example", "api_key", "search-secret"),
                Set.of("api_key"));

        // when
        ToolResult result = runner.invoke(call(
                "use_connections.py",
                Map.of("aoai", "aoai", "search", "search", "question", "why?"),
                Map.of("aoai", aoai, "search", search),
                Map.of(),
                false));

        // then
        assertThat(result.output())
                .isEqualTo(Map.of(
                        "aoai_type", "AzureOpenAIConnection",
                        "api_base", "https://example.openai.azure.com",
                        "api_type", "azure",
                        "key_length", 14,
                        "search_endpoint", "https://search.example",
                        "search_key_item", "search-secret",
                        "question", "why?"));
    }

    @Test
    void should_keep_the_name_for_parameters_not_typed_as_connections() {
        // given
        ConnectionConfig aoai =
                new ConnectionConfig("aoai", "AzureOpenAIConnection", Map.of("api_key", "k-123456"), Set.of("api_key"));

        // when
        ToolResult result = runner.invoke(call(
                "connection_name.py",
                Map.of("deployment", "aoai", "untyped", "aoai", "conn", "aoai"),
                Map.of("deployment", aoai, "untyped", aoai, "conn", aoai),
                Map.of(),
                false));

        // then
        assertThat(result.output())
                .isEqualTo(Map.of("deployment", "aoai", "untyped", "aoai", "conn", "AzureOpenAIConnection"));
    }

    @Test
    void should_return_logged_metrics_of_an_aggregation_tool() {
        // when
        ToolResult result = runner.invoke(call(
                "accuracy.py", Map.of("grades", List.of("Correct", "Incorrect", "Correct")), Map.of(), Map.of(), true));

        // then
        assertThat(result.metrics()).containsExactly(entry("accuracy", 0.67), entry("count", 3));
        assertThat(result.output()).isEqualTo(Map.of("accuracy", 0.67));
    }

    @Test
    void should_carry_nan_both_ways_as_numbers() {
        // when
        ToolResult mean = runner.invoke(
                call("nan_metric.py", Map.of("scores", List.of(1.0, Double.NaN, 3.0)), Map.of(), Map.of(), true));
        ToolResult empty = runner.invoke(call("nan_metric.py", Map.of("scores", List.of()), Map.of(), Map.of(), true));

        // then
        assertThat(mean.metrics()).containsEntry("average_score", 2.0);
        assertThat(empty.output()).isEqualTo(Double.NaN);
        assertThat(empty.metrics()).containsEntry("average_score", Double.NaN);
    }

    @Test
    void should_call_a_tool_without_inputs_with_the_node_environment_set_only_during_the_call() {
        // when
        ToolResult first =
                runner.invoke(call("no_inputs.py", Map.of(), Map.of(), Map.of("GREETING", "bonjour"), false));
        ToolResult second = runner.invoke(call("no_inputs.py", Map.of()));

        // then
        assertThat(first.output()).asInstanceOf(MAP).containsEntry("greeting", "bonjour");
        assertThat(second.output()).asInstanceOf(MAP).containsEntry("greeting", null);
    }

    @Test
    void should_fail_the_call_with_the_user_traceback_and_what_the_tool_printed() {
        // when
        ToolException error = catchThrowableOfType(
                ToolException.class, () -> runner.invoke(call("fails.py", Map.of("numerator", 1, "denominator", 0))));

        // then
        assertThat(error.getMessage()).contains("node_fails").contains("ZeroDivisionError: division by zero");
        assertThat(error.detail())
                .startsWith("Traceback (most recent call last):")
                .contains("fails.py", "in compute", "helpers.py", "in divide")
                .doesNotContain("llmops_worker.py")
                .endsWith("Printed by the tool during the call:\ncomputing 1 / 0");
        assertThat(error.workerCrashed()).isFalse();
    }

    @Test
    void should_keep_the_protocol_intact_when_a_tool_prints_to_stdout() {
        // when
        ToolResult first = runner.invoke(call("noisy.py", Map.of("text", "abc")));
        ToolResult second = runner.invoke(call("noisy.py", Map.of("text", "xyz")));

        // then
        assertThat(first.output()).isEqualTo("cba");
        assertThat(second.output()).isEqualTo("zyx");
    }

    @Test
    void should_keep_the_protocol_intact_when_a_tool_reads_stdin() {
        // when
        ToolResult first = runner.invoke(call("reads_stdin.py", Map.of("tag", 1)));
        ToolResult second = runner.invoke(call("reads_stdin.py", Map.of("tag", 2)));

        // then
        assertThat(first.output()).isEqualTo(Map.of("tag", 1, "stdin", ""));
        assertThat(second.output()).isEqualTo(Map.of("tag", 2, "stdin", ""));
    }

    @ParameterizedTest
    @CsvSource({"async_tool.py, words, 'c b a'", "streaming.py, count, 'chunk0;chunk1;chunk2;'"})
    void should_await_coroutines_and_join_streamed_text(String source, String input, String expected) {
        // given
        Object value = input.equals("words") ? List.of("a", "b", "c") : 3;

        // when
        ToolResult result = runner.invoke(call(source, Map.of(input, value)));

        // then
        assertThat(result.output()).isEqualTo(expected);
    }

    @Test
    void should_name_inputs_the_tool_does_not_take() {
        // when
        ToolException error = catchThrowableOfType(
                ToolException.class,
                () -> runner.invoke(call("greet.py", Map.of("name", "x", "colour", "red", "size", 3))));

        // then
        assertThat(error.getMessage()).contains("greet() in greet.py has no parameter(s) colour, size");
    }

    @Test
    void should_name_required_inputs_the_node_does_not_give() {
        // when
        ToolException error =
                catchThrowableOfType(ToolException.class, () -> runner.invoke(call("greet.py", Map.of())));

        // then
        assertThat(error.getMessage()).contains("needs input(s) name");
    }

    @Test
    void should_call_the_single_public_function_of_a_file_without_tool_decorator() {
        // when
        ToolResult result = runner.invoke(call("plain_function.py", Map.of("x", 21)));

        // then
        assertThat(result.output()).isEqualTo(42);
    }

    @Test
    void should_reject_a_file_with_two_tool_functions() {
        // when
        ToolException error =
                catchThrowableOfType(ToolException.class, () -> runner.invoke(call("two_tools.py", Map.of("x", 1))));

        // then
        assertThat(error.getMessage()).contains("two_tools.py has several @tool functions (first, second)");
    }

    @Test
    void should_name_a_missing_tool_file() {
        // when
        ToolException error =
                catchThrowableOfType(ToolException.class, () -> runner.invoke(call("nowhere.py", Map.of())));

        // then
        assertThat(error.getMessage()).contains("python tool file nowhere.py not found in flow folder");
    }
}
