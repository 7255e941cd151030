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
    void should_name_what_the_templates_pure_python_class_flows_nlp_evaluator_needs_installed() throws Exception {
        // given: class_flows with its second evaluator as published: flows/eval_nlp holds only eval_groundness.py,
        // which runs promptflow-evals' evaluate() with the chat flow as target
        copy("class_flows");
        Path nlp = Files.createDirectories(dir.resolve("class_flows/flows/eval_nlp"));
        Files.writeString(nlp.resolve("eval_groundness.py"), """
                # Implement your custom evaluation here
                import os
                from promptflow.core import AzureOpenAIModelConfiguration
                from promptflow.evals.evaluate import evaluate
                from promptflow.evals.evaluators import GroundednessEvaluator
                from class_flows.flows.chat_basic.flow import ChatFlow


                def eval_use_case(run_name, data_id, column_mapping, output_path, azure_service={}):
                    model_config = AzureOpenAIModelConfiguration(
                        azure_endpoint=os.environ.get("AZURE_OPENAI_ENDPOINT"),
                        api_key=os.environ.get("AZURE_OPENAI_API_KEY"),
                        azure_deployment=os.environ.get("DEPLOYMENT_NAME"),
                    )
                    chat_flow = ChatFlow(model_config=model_config, max_total_token=4096)
                    groundness_eval = GroundednessEvaluator(model_config=model_config)
                    return evaluate(evaluation_name=run_name, data=data_id, target=chat_flow,
                                    evaluators={"groundness_eval": groundness_eval},
                                    evaluator_config={"groundness_eval": column_mapping},
                                    output_path=f"{output_path}/{run_name}.json")
                """);
        Path experimentFile = dir.resolve("class_flows/experiment.yaml");
        Files.writeString(experimentFile, Files.readString(experimentFile) + """

                - name: class_flows_nlp
                  flow: flows/eval_nlp
                  datasets:
                  - name: class_flow_data_test
                    reference: class_flow_data
                    source: data/data.jsonl
                    description: "This dataset is for evaluating flows."
                    mappings:
                      context: "${data.context}"
                      answer: "${target.output}"
                """);

        // when
        CliResult validate = CliRun.in(dir)
                .env("AOAI1_API_ENDPOINT", "https://unused.example/")
                .env("AOAI1_API_KEY", "x")
                .run("validate", "-u", "class_flows", "--connection", "aoai=" + connectionFile());

        // then: the one thing missing is promptflow-evals, named with its install command; ${target.output} is the
        // chat flow's output and the mappings are the evaluator's inputs, so nothing else is reported
        assertThat(validate)
                .exitedWith(2)
                .errContains("class_flows/flows/eval_nlp/eval_groundness.py:4: error: ")
                .errContains(" -m pip install promptflow-evals")
                .errDoesNotContain("target.output")
                .errDoesNotContain("2 errors");
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
