package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.testing.FakeLlmServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmops serve --smoke URL}: a request file posted to a real {@code llmops serve} started on a loopback port,
 * with its key, judged on the status and on the flow's outputs.
 */
class ServeSmokeCommandTest {

    private static final String SERVE_KEY = "serve-key-8c7b6a5d";
    private static final String AOAI_KEY = "aoai-key-1a2b3c4d";

    @TempDir
    Path dir;

    private final FakeLlmServer llm = FakeLlmServer.start();

    @AfterEach
    void stop() {
        llm.close();
    }

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** A flow answering {@code answer} from an llm node, and a request for it. */
    private void writeFlow(String folder, String output) throws IOException {
        AnswerFlow.write(dir, folder, output, llm);
        write("request.json", "{\"question\": \"Capital of France?\"}");
    }

    private ServingCli serveQa() throws InterruptedException {
        return ServingCli.start(
                dir,
                Map.of("AOAI_KEY", AOAI_KEY, "LLMOPS_SERVE_KEYS", SERVE_KEY),
                "serve",
                "--flow",
                "qa",
                "--connection",
                "aoai=aoai.yaml",
                "--port",
                "0");
    }

    private CliResult smoke(Map<String, String> env, String... args) {
        CliRun run = CliRun.in(dir);
        env.forEach(run::env);
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        return run.run(all);
    }

    @Test
    void should_pass_when_the_server_answers_the_flows_outputs_to_the_request_with_the_key() throws Exception {
        // given
        writeFlow("qa", "answer");
        llm.answer("Paris.");
        try (ServingCli server = serveQa()) {
            // when
            CliResult result = smoke(
                    Map.of("LLMOPS_SERVE_KEYS", SERVE_KEY),
                    "--smoke",
                    server.baseUrl(),
                    "--flow",
                    "qa",
                    "--request",
                    "request.json");

            // then
            assertThat(result)
                    .succeeded()
                    .outContains("smoke test passed: request.json scored HTTP 200 at " + server.baseUrl()
                            + "/score with the flow's outputs");
            assertThat(llm.lastRequest().lastUserMessage()).isEqualTo("Capital of France?");
            assertThat(result.out() + result.err()).doesNotContain(SERVE_KEY);
        }
    }

    @Test
    void should_fail_with_the_servers_answer_when_the_key_is_missing() throws Exception {
        // given
        writeFlow("qa", "answer");
        try (ServingCli server = serveQa()) {
            // when
            CliResult result = smoke(
                    Map.of(), "--smoke", server.baseUrl() + "/score", "--flow", "qa", "--request", "request.json");

            // then
            assertThat(result)
                    .exitedWith(1)
                    .errContains("smoke test failed: request.json at " + server.baseUrl() + "/score: HTTP 401:")
                    .errContains("missing or wrong API key")
                    .errContains("(3 attempts)");
            assertThat(llm.requests()).isEmpty();
        }
    }

    @Test
    void should_fail_when_a_200_answer_is_not_what_the_flow_returns() throws Exception {
        // given: the server serves qa (output 'answer'); the smoke test expects the flow 'other' (output 'summary')
        writeFlow("other", "summary");
        writeFlow("qa", "answer");
        llm.answer("Paris.");
        try (ServingCli server = serveQa()) {
            // when
            CliResult result = smoke(
                    Map.of("LLMOPS_SERVE_KEYS", SERVE_KEY),
                    "--smoke",
                    server.baseUrl(),
                    "--flow",
                    "other",
                    "--request",
                    "request.json");

            // then
            assertThat(result)
                    .exitedWith(1)
                    .errContains("HTTP 200 but answered outputs ['answer'] where the flow returns ['summary'];"
                            + " missing ['summary']; not outputs of the flow ['answer']");
        }
    }

    @Test
    void should_fail_with_the_model_failure_the_server_reports() throws Exception {
        // given
        writeFlow("qa", "answer");
        llm.when(r -> true, FakeLlmServer.Behaviour.deploymentNotFound());
        try (ServingCli server = serveQa()) {
            // when
            CliResult result = smoke(
                    Map.of("LLMOPS_SERVE_KEYS", SERVE_KEY),
                    "--smoke",
                    server.baseUrl(),
                    "--flow",
                    "qa",
                    "--request",
                    "request.json");

            // then
            assertThat(result).exitedWith(1).errContains("HTTP 502:").errContains("DeploymentNotFound");
        }
    }

    @Test
    void should_send_the_use_cases_sample_request_by_default() throws Exception {
        // given: the shipped use case served offline (its recordings answer sample-request.json)
        ShippedUseCases.copy("named_entity_recognition", dir.resolve("ner"));
        try (ServingCli server =
                ServingCli.start(dir, Map.of(), "serve", "-u", "ner", "-e", "offline", "--port", "0")) {
            server.awaitReady();

            // when
            CliResult result = smoke(Map.of(), "--smoke", server.baseUrl(), "-u", "ner", "-e", "offline");

            // then
            assertThat(result)
                    .succeeded()
                    .outContains("smoke test passed: ner/sample-request.json scored HTTP 200 at " + server.baseUrl()
                            + "/score with the flow's outputs");
        }
    }

    @Test
    void should_test_a_local_server_from_deploy_test_local_with_the_use_cases_sample_request() throws Exception {
        // given: the shipped use case served offline, and no Azure login or cluster anywhere
        ShippedUseCases.copy("named_entity_recognition", dir.resolve("ner"));
        try (ServingCli server =
                ServingCli.start(dir, Map.of(), "serve", "-u", "ner", "-e", "offline", "--port", "0")) {
            server.awaitReady();

            // when
            CliResult result =
                    CliRun.in(dir).run("deploy", "test", "-u", "ner", "-e", "offline", "--local", server.baseUrl());

            // then
            assertThat(result)
                    .succeeded()
                    .outContains("smoke test passed: ner/sample-request.json scored HTTP 200 at " + server.baseUrl()
                            + "/score with the flow's outputs");
        }
    }

    @Test
    void should_fail_deploy_test_local_when_the_local_server_refuses_the_request() throws Exception {
        // given: the use case served with a key the test does not send
        ShippedUseCases.copy("named_entity_recognition", dir.resolve("ner"));
        try (ServingCli server = ServingCli.start(
                dir, Map.of("LLMOPS_SERVE_KEYS", SERVE_KEY), "serve", "-u", "ner", "-e", "offline", "--port", "0")) {
            server.awaitReady();

            // when
            CliResult result =
                    CliRun.in(dir).run("deploy", "test", "-u", "ner", "-e", "offline", "--local", server.baseUrl());

            // then
            assertThat(result)
                    .exitedWith(1)
                    .errContains(
                            "smoke test failed: ner/sample-request.json at " + server.baseUrl() + "/score: HTTP 401")
                    .errContains("missing or wrong API key");
        }
    }

    @Test
    void should_refuse_a_deployment_name_with_deploy_test_local() {
        // when
        CliResult result = CliRun.in(dir).run("deploy", "test", "--local", "--deployment", "blue");

        // then
        assertThat(result).exitedWith(2).errContains("--deployment names a deployment in Azure or a cluster");
    }

    @Test
    void should_fail_after_three_attempts_when_nothing_listens() throws Exception {
        // given: a port nobody listens on
        writeFlow("qa", "answer");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        // when
        CliResult result = smoke(new HashMap<>(), "--smoke", "http://127.0.0.1:" + port, "--request", "request.json");

        // then
        assertThat(result)
                .exitedWith(1)
                .errContains("smoke test failed: request.json at http://127.0.0.1:" + port + "/score: no answer from")
                .errContains("ConnectException")
                .errContains("(3 attempts)");
    }

    @Test
    void should_refuse_a_missing_request_file_or_a_url_that_is_none_before_sending() throws Exception {
        // given
        writeFlow("qa", "answer");

        // when
        CliResult missing = smoke(Map.of(), "--smoke", "http://127.0.0.1:9", "--request", "nope.json");
        CliResult notUrl = smoke(Map.of(), "--smoke", "localhost:8080", "--request", "request.json");
        write("bad.json", "{\"question\": ");
        CliResult notJson = smoke(Map.of(), "--smoke", "http://127.0.0.1:9", "--request", "bad.json");

        // then
        assertThat(missing)
                .exitedWith(2)
                .errContains("nope.json")
                .errContains("the smoke-test request file does not exist");
        assertThat(notUrl)
                .exitedWith(2)
                .errContains("'localhost:8080' is not an http:// or https:// URL with a host")
                .errContains("--smoke http://localhost:8080");
        assertThat(notJson).exitedWith(2).errContains("bad.json:1:").errContains("not valid JSON");
    }
}
