package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.testing.FakeLlmServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmops serve}: Prompt Flow's routes and request/response rules, over real HTTP against a fake model. */
class ServeCommandTest {

    private static final String KEY = "aoai-key-5f1e2d3c4b";
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** A flow with an llm node, a typed input with a default, and an evaluation-only output. */
    private void writeFlow() throws IOException {
        write("qa/flow.dag.yaml", """
                inputs:
                  question: {type: string, description: What to ask}
                  top_k: {type: int, default: 3}
                outputs:
                  answer: {type: string, reference: "${answer.output}"}
                  asked: {type: string, reference: "${inputs.question}", evaluation_only: true}
                nodes:
                - name: answer
                  type: llm
                  api: chat
                  connection: aoai
                  source: {type: code, path: qa.jinja2}
                  inputs: {deployment_name: gpt-4o, question: "${inputs.question}", top_k: "${inputs.top_k}"}
                """);
        write("qa/qa.jinja2", "system:\nAnswer briefly ({{ top_k }}).\nuser:\n{{ question }}\n");
        write("aoai.yaml", """
                name: aoai
                type: azure_open_ai
                api_base: %s
                api_key: ${AOAI_KEY}
                api_version: 2024-06-01
                """.formatted(llm.azureApiBase()));
    }

    private ServingCli serve(Map<String, String> env, String... extra) throws InterruptedException {
        String[] base = {"serve", "--flow", "qa", "--connection", "aoai=aoai.yaml", "--port", "0"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        java.util.Map<String, String> all = new java.util.HashMap<>(env);
        all.put("AOAI_KEY", KEY);
        return ServingCli.start(dir, all, args);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void should_score_a_json_request_and_return_outputs_without_evaluation_only_ones() throws Exception {
        // given
        writeFlow();
        llm.answer("Paris.", 20, 2);

        try (ServingCli server = serve(Map.of())) {
            // when
            HttpResponse<String> response = server.post(
                    "/score",
                    "{\"question\": \"Capital of France?\", \"extra\": \"ignored\"}",
                    "Content-Type",
                    "application/json",
                    "x-request-id",
                    "req-42");

            // then
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"answer\":\"Paris.\"}");
            assertThat(response.headers().firstValue("x-request-id")).hasValue("req-42");
            assertThat(llm.lastRequest().lastUserMessage()).isEqualTo("Capital of France?");
            assertThat(llm.lastRequest().body()).contains("Answer briefly (3).");
            assertThat(llm.lastRequest().header("api-key")).isEqualTo(KEY);
            // a plain http:// model is called in HTTP/1.1, not with an h2c upgrade attempt on every call
            assertThat(llm.lastRequest().header("upgrade")).isNull();
            assertThat(llm.lastRequest().header("http2-settings")).isNull();
            assertThat(server.awaitOut("\"request_id\":\"req-42\""))
                    .contains("\"request_id\":\"req-42\"", "\"path\":\"/score\"", "\"status\":200");
        }
    }

    @Test
    void should_append_each_score_to_the_request_log_as_a_readable_record() throws Exception {
        // given
        writeFlow();
        llm.answer("Paris.", 20, 2);

        try (ServingCli server = serve(Map.of(), "--log-requests", "logs/requests.jsonl", "--log-request-bodies")) {
            // when
            server.post("/score", "{\"question\": \"Capital of France?\"}", "x-request-id", "req-7");
            server.post("/score", "{}", "x-request-id", "req-8");
        }

        // then: the answered request with its coerced inputs and returned outputs, then the refused one
        java.util.List<dev.llmops.dataops.RequestLog.Record> records =
                dev.llmops.dataops.RequestLogReader.read(dir.resolve("logs/requests.jsonl"));
        assertThat(records).hasSize(2);
        assertThat(records.getFirst().id()).isEqualTo("req-7");
        assertThat(records.getFirst().answered()).isTrue();
        assertThat(records.getFirst().row())
                .containsEntry("question", "Capital of France?")
                .containsEntry("answer", "Paris.")
                .doesNotContainKey("asked");
        assertThat(records.get(1).id()).isEqualTo("req-8");
        assertThat(records.get(1).status()).isEqualTo(400);
        assertThat(records.get(1).error()).contains("Required input fields ['question'] are missing");
        assertThat(records.get(1).outputs()).isEmpty();
        assertThat(Files.readString(dir.resolve("logs/requests.jsonl"))).doesNotContain(KEY);
    }

    @Test
    void should_count_requests_latency_and_model_tokens_in_prometheus_metrics() throws Exception {
        // given
        writeFlow();
        llm.answer("Paris.", 20, 2);

        try (ServingCli server = serve(Map.of())) {
            server.post("/score", "{\"question\": \"Capital?\"}");
            server.post("/score", "{}");

            // when
            HttpResponse<String> metrics = server.get("/metrics");

            // then
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("llmops_serve_requests_total{route=\"/score\",status=\"200\"} 1.0")
                    .contains("llmops_serve_requests_total{route=\"/score\",status=\"400\"} 1.0")
                    .contains("llmops_serve_request_seconds_bucket{route=\"/score\",le=")
                    .contains("llmops_serve_model_seconds_count{node=\"answer\"} 1")
                    .contains("llmops_serve_tokens_total{kind=\"prompt\",node=\"answer\"} 20.0")
                    .contains("llmops_serve_tokens_total{kind=\"completion\",node=\"answer\"} 2.0")
                    .contains("llmops_serve_in_flight 1.0");
        }
    }

    @Test
    void should_answer_health_version_and_unknown_routes_as_prompt_flow_does() throws Exception {
        // given
        writeFlow();

        try (ServingCli server = serve(Map.of("BUILD_INFO", "{\"build_number\": \"20261202.7\"}"))) {
            server.awaitReady();

            // when
            HttpResponse<String> health = server.get("/health");
            HttpResponse<String> version = server.get("/version");
            HttpResponse<String> unknown = server.get("/nope");

            // then
            assertThat(json(health).path("status").asText()).isEqualTo("Healthy");
            assertThat(json(version).path("version").asText()).isEqualTo("20261202.7");
            assertThat(json(version).path("build_info").asText()).isEqualTo("{\"build_number\": \"20261202.7\"}");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(unknown.body()).contains("/nope with GET is not supported by current app");
        }
    }

    @Test
    void should_describe_the_flow_in_swagger_json() throws Exception {
        // given
        writeFlow();
        write("qa/samples.json", "[{\"question\": \"What is BERT?\"}]");

        try (ServingCli server = serve(Map.of())) {
            // when
            JsonNode doc = json(server.get("/swagger.json"));

            // then
            assertThat(doc.path("openapi").asText()).isEqualTo("3.0.0");
            assertThat(doc.path("info").path("title").asText()).isEqualTo("Promptflow[qa] API");
            JsonNode request = doc.at("/paths/~1score/post/requestBody/content/application~1json");
            assertThat(request.at("/schema/properties/question/type").asText()).isEqualTo("string");
            assertThat(request.at("/schema/properties/question/description").asText())
                    .isEqualTo("What to ask");
            assertThat(request.at("/schema/properties/top_k/type").asText()).isEqualTo("integer");
            assertThat(request.at("/schema/properties/top_k/default").asInt()).isEqualTo(3);
            assertThat(request.at("/schema/required").toString()).isEqualTo("[\"question\",\"top_k\"]");
            assertThat(request.at("/example/question").asText()).isEqualTo("What is BERT?");
            JsonNode response = doc.at("/paths/~1score/post/responses/200/content/application~1json/schema");
            assertThat(response.path("properties").fieldNames()).toIterable().containsExactly("answer");
            assertThat(doc.at("/paths/~1feedback/parameters/0/name").asText()).isEqualTo("flatten");
        }
    }

    @Test
    void should_reject_bad_requests_with_prompt_flows_error_shape() throws Exception {
        // given
        writeFlow();

        try (ServingCli server = serve(Map.of())) {
            // when
            HttpResponse<String> missing = server.post("/score", "{\"top_k\": 2}");
            HttpResponse<String> wrongType = server.post("/score", "{\"question\": \"q\", \"top_k\": \"many\"}");
            HttpResponse<String> notJson = server.post("/score", "What is BERT?");
            HttpResponse<String> notAcceptable = server.post("/score", "{\"question\": \"q\"}", "Accept", "text/html");

            // then
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(json(missing).path("error").path("code").asText()).isEqualTo("UserError");
            assertThat(json(missing).path("error").path("message").asText())
                    .startsWith("Required input fields ['question'] are missing in request data");
            assertThat(wrongType.statusCode()).isEqualTo(400);
            assertThat(json(wrongType).path("error").path("message").asText())
                    .contains("input 'top_k' is declared int", "'many'");
            assertThat(notJson.statusCode()).isEqualTo(400);
            assertThat(json(notJson).path("error").path("message").asText())
                    .contains("not JSON", "['question', 'top_k']");
            assertThat(notAcceptable.statusCode()).isEqualTo(406);
            assertThat(json(notAcceptable).path("error").path("message").asText())
                    .isEqualTo("Media type ['text/html'] in Accept header is not acceptable. Supported media type(s)"
                            + " - text/event-stream, application/json");
            assertThat(llm.requestCount()).isZero();
        }
    }

    @Test
    void should_answer_502_with_the_models_reason_and_no_secret_when_the_model_fails() throws Exception {
        // given
        writeFlow();
        llm.otherwise(FakeLlmServer.Behaviour.unauthorized());

        try (ServingCli server = serve(Map.of())) {
            // when
            HttpResponse<String> response = server.post("/score", "{\"question\": \"q\"}");

            // then
            assertThat(response.statusCode()).isEqualTo(502);
            JsonNode error = json(response).path("error");
            assertThat(error.path("code").asText()).isEqualTo("SystemError");
            assertThat(error.path("message").asText()).contains("node 'answer' failed", "401");
            assertThat(response.body()).doesNotContain(KEY).doesNotContain("at dev.llmops");
        }
    }

    @Test
    void should_take_a_raw_body_as_the_only_input_and_return_a_promptys_bare_value() throws Exception {
        // given
        write("chat.prompty", """
                ---
                name: Chat
                model:
                  api: chat
                  configuration:
                    type: azure_openai
                    azure_endpoint: %s
                    azure_deployment: gpt-4o
                    api_key: ${env:AOAI_KEY}
                    api_version: 2024-06-01
                inputs:
                  question: {type: string}
                ---
                system:
                Answer.
                user:
                {{question}}
                """.formatted(llm.azureApiBase()));
        llm.answer("Paris is the capital.");

        try (ServingCli server =
                ServingCli.start(dir, Map.of("AOAI_KEY", KEY), "serve", "--flow", "chat.prompty", "--port", "0")) {
            // when
            HttpResponse<String> response = server.post("/score", "Capital of France?", "Content-Type", "text/plain");

            // then
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("\"Paris is the capital.\"");
            assertThat(llm.lastRequest().lastUserMessage()).isEqualTo("Capital of France?");
        }
    }

    @Test
    void should_return_only_the_outputs_named_by_promptflow_response_included_fields() throws Exception {
        // given
        writeFlow();
        llm.answer("Paris.");

        try (ServingCli server = serve(Map.of("PROMPTFLOW_RESPONSE_INCLUDED_FIELDS", "[\"asked\"]"))) {
            // when
            HttpResponse<String> response = server.post("/score", "{\"question\": \"Capital?\"}");

            // then
            assertThat(response.body()).isEqualTo("{\"asked\":\"Capital?\"}");
        }
    }

    @Test
    void should_serve_a_shipped_use_case_with_its_environment_and_answer_its_sample_request() throws Exception {
        // given
        Path useCase = REPO.resolve("use-cases/named_entity_recognition");
        String sample = Files.readString(useCase.resolve("sample-request.json"));

        try (ServingCli server =
                ServingCli.start(dir, Map.of(), "serve", "-u", useCase.toString(), "-e", "offline", "--port", "0")) {
            // when
            HttpResponse<String> response = server.post("/score", sample, "Content-Type", "application/json");

            // then
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response).path("entities").isArray()).isTrue();
        }
    }

    @Test
    void should_fail_start_up_with_the_validate_message_when_the_flow_is_broken() throws Exception {
        // given
        write("qa/flow.dag.yaml", """
                inputs:
                  question: {type: string}
                outputs:
                  answer: {type: string, reference: "${missing.output}"}
                nodes: []
                """);

        // when
        ServingCli server = ServingCli.start(dir, Map.of(), "serve", "--flow", "qa", "--port", "0");
        CliResult result = server.result();

        // then
        assertThat(server.listening()).isFalse();
        assertThat(result).exitedWith(2).errContains("flow.dag.yaml:").errContains("missing");
    }
}
