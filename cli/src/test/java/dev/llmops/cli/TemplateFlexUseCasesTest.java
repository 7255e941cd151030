package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.testing.FakeLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template's {@code class_flows} and {@code function_flows} use cases (experiment files, flex flows, init.json,
 * code and data as the template publishes them; the {@code .prompty} files and the two modules the stored copy
 * lacks are written in their image) validate and run end to end against a local server speaking the Azure OpenAI
 * protocol, with only a connection override. The {@code openai} and {@code dotenv} packages the function flow
 * imports cannot be installed here: test stand-ins on {@code PYTHONPATH} take their place.
 */
class TemplateFlexUseCasesTest {

    @TempDir
    Path dir;

    private FakeLlmServer server;

    @BeforeEach
    void start() {
        server = FakeLlmServer.start().answerWith(request -> {
            String body = request.body();
            if (body.contains("statement:")) {
                return "{\"score\": \"4\", \"explanation\": \"close enough\"}";
            }
            if (body.contains("Rate the code")) {
                return "{\"correctness\": 4, \"readability\": 5, \"explanation\": \"fine\"}";
            }
            return "Prompt flow is a suite of development tools.";
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void should_validate_and_run_the_templates_class_flows_with_a_connection_override() throws Exception {
        // given
        copy("class_flows");
        Path connection = connectionFile();

        // when
        CliRun cli = CliRun.in(dir)
                .env("AOAI1_API_ENDPOINT", "https://unused.example/")
                .env("AOAI1_API_KEY", "x");
        CliResult validate = cli.run("validate", "-u", "class_flows", "--connection", "aoai=" + connection);
        CliResult experiment = cli.run("experiment", "-u", "class_flows", "--connection", "aoai=" + connection);

        // then
        assertThat(validate).succeeded();
        assertThat(experiment).succeeded();
        JsonNode metrics = ExperimentCommandTest.metricsJson(dir.resolve("reports"));
        assertThat(ExperimentCommandTest.metric(metrics, "class_flows", "default", "average_correctness"))
                .isEqualTo(4.0);
        assertThat(ExperimentCommandTest.metric(metrics, "class_flows", "default", "total"))
                .isEqualTo(3.0);
        // 3 chat calls, then 2 statements x 3 lines; all to the deployment init.json names
        assertThat(server.requestCount()).isEqualTo(9);
        assertThat(server.requests())
                .allSatisfy(r -> assertThat(r.path()).isEqualTo("/openai/deployments/gpt-35-turbo/chat/completions"));
    }

    @Test
    void should_validate_and_run_the_templates_function_flows_calling_the_model_with_the_openai_package()
            throws Exception {
        // given
        copy("function_flows");
        Path connection = connectionFile();
        String standIns = Path.of(resource("stand-ins")).toString();

        // when
        CliRun cli = CliRun.in(dir).env("PYTHONPATH", standIns);
        CliResult validate = cli.run("validate", "-u", "function_flows", "--connection", "aoai=" + connection);
        CliResult experiment = cli.run("experiment", "-u", "function_flows", "--connection", "aoai=" + connection);

        // then: the evaluator's mappings groundtruth/prediction are dropped (the template's slip) and `code` reads
        // the same-named column, as in Prompt Flow
        assertThat(validate).succeeded().errContains("mapping 'groundtruth' is not a parameter of the entry");
        assertThat(experiment).succeeded();
        JsonNode metrics = ExperimentCommandTest.metricsJson(dir.resolve("reports"));
        assertThat(ExperimentCommandTest.metric(metrics, "flex_flow_eval", "default", "average_readability"))
                .isEqualTo(5.0);
        assertThat(server.requests())
                .anySatisfy(r -> assertThat(r.json().path("messages").toString())
                        .contains("Write a simple Java Hello World! program"))
                .allSatisfy(r -> assertThat(r.header("api-key")).isEqualTo("test-key"));
    }

    private Path connectionFile() throws IOException {
        Path file = dir.resolve("aoai.yaml");
        Files.writeString(file, """
                name: aoai
                type: azure_open_ai
                api_base: %s
                api_key: test-key
                api_version: 2024-02-01
                """.formatted(server.azureApiBase()));
        return file;
    }

    private void copy(String useCase) throws Exception {
        Path from = Path.of(resource(useCase));
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path to = dir.resolve(useCase).resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    private static java.net.URI resource(String name) throws Exception {
        return TemplateFlexUseCasesTest.class
                .getResource("/template-flex/" + name)
                .toURI();
    }
}
