package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.testing.FakeLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared connection options, {@code .env.sample} and an evaluation-free overlay, through {@code Main.run}. */
class ConnectionOptionsTest {

    @TempDir
    Path dir;

    private final FakeLlmServer llm = FakeLlmServer.start();

    @AfterEach
    void stop() {
        llm.close();
    }

    @Test
    void should_let_flow_test_set_a_field_of_a_connection_file() throws IOException {
        // given: a connection file written for the demo host, and a flow with one llm node
        Path qa = Files.createDirectories(dir.resolve("qa"));
        Files.writeString(qa.resolve("flow.dag.yaml"), """
                inputs:
                  question: {type: string}
                outputs:
                  answer: {type: string, reference: "${answer.output}"}
                nodes:
                - name: answer
                  type: llm
                  api: chat
                  connection: aoai
                  source: {type: code, path: qa.jinja2}
                  inputs: {deployment_name: gpt-4o, question: "${inputs.question}"}
                """);
        Files.writeString(qa.resolve("qa.jinja2"), "user:\n{{ question }}\n");
        Files.writeString(dir.resolve("aoai.yaml"), """
                name: aoai
                type: azure_open_ai
                api_base: https://demoopenaiexamples.openai.azure.com/
                api_key: ${AOAI_KEY}
                """);
        llm.answer("Paris.");

        // when
        CliResult result = CliRun.in(dir)
                .env("AOAI_KEY", "secret-key-123")
                .run(
                        "flow",
                        "test",
                        "qa",
                        "--inputs",
                        "question=Capital of France?",
                        "--connection",
                        "aoai=aoai.yaml",
                        "--set",
                        "connections.aoai.api_base=" + llm.azureApiBase(),
                        "--set",
                        "connections.aoai.api_version=2024-10-21");

        // then
        assertThat(result).succeeded().outContains("Paris.");
        assertThat(llm.lastRequest().apiVersion()).isEqualTo("2024-10-21");
        assertThat(llm.lastRequest().header("api-key")).isEqualTo("secret-key-123");
    }

    @Test
    void should_reject_a_set_that_names_no_connection_field() {
        // when
        CliResult result = CliRun.in(dir).run("flow", "test", "qa", "--set", "aoai.api_base=http://x");

        // then
        assertThat(result).exitedWith(2).errContains("--set 'aoai.api_base=...' is not connections.NAME.FIELD=VALUE");
    }

    @Test
    void should_report_a_set_for_a_connection_the_experiment_does_not_have() {
        // given
        ShippedUseCases.copy("web_classification", dir.resolve("web"));

        // when
        CliResult result = CliRun.in(dir)
                .run("validate", "-u", "web", "-e", "offline", "--set", "connections.aoia.api_base=http://x/");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("error: --set connections.aoia...: the experiment has no connection 'aoia'")
                .errContains("did you mean 'aoai'?");
    }

    @Test
    void should_pass_eval_in_an_env_that_switches_evaluation_off() {
        // given: the pr overlay sets evaluators: empty, and no run exists
        ShippedUseCases.copy("web_classification", dir.resolve("web"));

        // when
        CliResult result = CliRun.in(dir).run("eval", "-u", "web", "-e", "pr");

        // then
        assertThat(result).succeeded().outContains("Nothing to evaluate: no evaluators in env pr.");
    }

    @Test
    void should_read_the_template_env_sample_after_env_with_a_warning() throws IOException {
        // given: the dev overlay needs AOAI_API_BASE and AOAI_API_KEY; .env has the key, .env.sample both
        Path web = ShippedUseCases.copy("web_classification", dir.resolve("web"));
        CliResult without = CliRun.in(dir).run("validate", "-u", "web", "-e", "dev");
        Files.writeString(web.resolve(".env"), "AOAI_API_KEY=from-env\n");
        Files.writeString(web.resolve(".env.sample"), """
                SUBSCRIPTION_ID=
                AOAI_API_KEY=from-sample
                AOAI_API_BASE=https://from-sample.openai.azure.com/
                """);

        // when
        CliResult with = CliRun.in(dir).run("validate", "-u", "web", "-e", "dev");
        CliResult shown = CliRun.in(dir).run("show", "-u", "web", "-e", "dev", "--format", "json");

        // then
        assertThat(without).exitedWith(2).errContains("AOAI_API_BASE");
        assertThat(with)
                .succeeded()
                .errContains("warning: values are read from .env.sample (after every .env, the real environment"
                        + " first); a sample file is usually committed");
        assertThat(shown.out()).doesNotContain("from-env").doesNotContain("from-sample");
        assertThat(shown.err()).doesNotContain("from-env");
    }
}
