package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.testing.FakeLlmServer;
import dev.llmops.testing.FakeLlmServer.Behaviour;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code llmops serve} with {@code Accept: text/event-stream}: the model called with {@code stream: true}, its chunks
 * relayed with Prompt Flow's framing as they arrive, read byte for byte by a real HTTP client; flex generators
 * streamed the same way through a real {@code python3}.
 */
class ServeStreamingTest {

    private static final String KEY = "aoai-key-streaming-77";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeLlmServer llm = FakeLlmServer.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        http.close();
        llm.close();
    }

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** An llm node whose answer is the output {@code answer}, and an output {@code asked} from the input. */
    private void writeFlow() throws IOException {
        write("qa/flow.dag.yaml", """
                inputs:
                  question: {type: string}
                outputs:
                  asked: {type: string, reference: "${inputs.question}"}
                  answer: {type: string, reference: "${answer.output}"}
                nodes:
                - name: answer
                  type: llm
                  api: chat
                  connection: aoai
                  source: {type: code, path: qa.jinja2}
                  inputs: {deployment_name: gpt-4o, question: "${inputs.question}"}
                """);
        write("qa/qa.jinja2", "system:\nAnswer briefly.\nuser:\n{{ question }}\n");
        write("aoai.yaml", """
                name: aoai
                type: azure_open_ai
                api_base: %s
                api_key: ${AOAI_KEY}
                api_version: 2024-10-21
                """.formatted(llm.azureApiBase()));
    }

    private ServingCli serve(String flow, String... extra) throws InterruptedException {
        List<String> args = new java.util.ArrayList<>(
                List.of("serve", "--flow", flow, "--connection", "aoai=aoai.yaml", "--port", "0"));
        args.addAll(List.of(extra));
        Map<String, String> env = new HashMap<>();
        env.put("AOAI_KEY", KEY);
        return ServingCli.start(dir, env, args.toArray(String[]::new));
    }

    private HttpResponse<InputStream> open(ServingCli server, String body, String accept)
            throws IOException, InterruptedException {
        HttpRequest request = server.request("/score", "Content-Type", "application/json", "Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String readAll(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Reads until the text so far ends with an empty line (one whole event). */
    private static String readEvent(InputStream in) throws IOException {
        StringBuilder out = new StringBuilder();
        while (!out.toString().endsWith("\n\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            out.append((char) b);
        }
        return out.toString();
    }

    @Test
    void should_relay_the_models_chunks_with_prompt_flows_framing_byte_for_byte() throws Exception {
        // given
        writeFlow();
        llm.otherwise(Behaviour.stream(List.of("Paris", " is", " the capital", " — café \"noir\""), null));

        try (ServingCli server = serve("qa", "--log-requests", "requests.jsonl", "--log-request-bodies")) {
            // when
            HttpResponse<InputStream> response =
                    open(server, "{\"question\": \"Capital of France?\"}", "text/event-stream");

            // then: the other output first, then one event per chunk, python's json.dumps, no [DONE]
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
            assertThat(readAll(response))
                    .isEqualTo("data: {\"asked\": \"Capital of France?\"}\n\n"
                            + "data: {\"answer\": \"Paris\"}\n\n"
                            + "data: {\"answer\": \" is\"}\n\n"
                            + "data: {\"answer\": \" the capital\"}\n\n"
                            + "data: {\"answer\": \" \\u2014 caf\\u00e9 \\\"noir\\\"\"}\n\n");
            assertThat(llm.lastRequest().json().path("stream").asBoolean()).isTrue();
            assertThat(llm.lastRequest()
                            .json()
                            .path("stream_options")
                            .path("include_usage")
                            .asBoolean())
                    .isTrue();
            String logged = server.awaitOut("\"status\":200");
            assertThat(logged).contains("\"path\":\"/score\"", "\"status\":200");
            assertThat(Files.readString(dir.resolve("requests.jsonl")))
                    .contains("\"answer\":\"Paris is the capital — café \\\"noir\\\"\"");
        }
    }

    @Test
    void should_send_each_chunk_before_the_model_has_sent_the_rest() throws Exception {
        // given: the model holds the rest of its answer back until the first event reached the client
        writeFlow();
        write(
                "qa/flow.dag.yaml",
                Files.readString(dir.resolve("qa/flow.dag.yaml"))
                        .replace("  asked: {type: string, reference: \"${inputs.question}\"}\n", ""));
        CountDownLatch release = new CountDownLatch(1);
        llm.otherwise(Behaviour.stream(List.of("first", " second"), release));

        try (ServingCli server = serve("qa")) {
            HttpResponse<InputStream> response = open(server, "{\"question\": \"q\"}", "text/event-stream");
            try (InputStream in = response.body()) {
                // when
                String first = readEvent(in);
                release.countDown();

                // then
                assertThat(first).isEqualTo("data: {\"answer\": \"first\"}\n\n");
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("data: {\"answer\": \" second\"}\n\n");
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void should_answer_json_with_the_whole_answer_when_the_client_accepts_json_only() throws Exception {
        // given
        writeFlow();
        llm.answer("Paris is the capital.");

        try (ServingCli server = serve("qa")) {
            // when
            HttpResponse<String> response = server.post(
                    "/score",
                    "{\"question\": \"q\"}",
                    "Content-Type",
                    "application/json",
                    "Accept",
                    "application/json");

            // then: runs and JSON answers keep the non-streaming call
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"asked\":\"q\",\"answer\":\"Paris is the capital.\"}");
            assertThat(llm.lastRequest().json().has("stream")).isFalse();
        }
    }

    @ParameterizedTest(name = "[{index}] {0} on a {1} flow -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "text/html | streaming | 406 | text/event-stream, application/json",
                "text/event-stream | non-streaming | 406 | Supported media type(s) - application/json",
                "text/event-stream, application/json | non-streaming | 200 | {\"answer\":\"ok\"}",
            })
    void should_negotiate_the_media_type_as_prompt_flow_does(String accept, String kind, int status, String expected)
            throws Exception {
        // given: the non-streaming flow passes the answer through a second node, so no output is an llm's answer
        writeFlow();
        if (kind.equals("non-streaming")) {
            write("qa/flow.dag.yaml", """
                    inputs:
                      question: {type: string}
                    outputs:
                      answer: {type: string, reference: "${echo.output}"}
                    nodes:
                    - name: model
                      type: llm
                      api: chat
                      connection: aoai
                      source: {type: code, path: qa.jinja2}
                      inputs: {deployment_name: gpt-4o, question: "${inputs.question}"}
                    - name: echo
                      type: prompt
                      source: {type: code, path: echo.jinja2}
                      inputs: {text: "${model.output}"}
                    """);
            write("qa/echo.jinja2", "{{ text }}");
        }
        llm.answer("ok");

        try (ServingCli server = serve("qa")) {
            // when
            HttpResponse<String> response = server.post(
                    "/score", "{\"question\": \"q\"}", "Content-Type", "application/json", "Accept", accept);

            // then
            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(response.body()).contains(expected);
            if (status == 406) {
                assertThat(JSON.readTree(response.body())
                                .path("error")
                                .path("code")
                                .asText())
                        .isEqualTo("UserError");
            }
        }
    }

    @Test
    void should_answer_502_with_the_models_reason_when_the_model_refuses_before_streaming() throws Exception {
        // given
        writeFlow();
        llm.otherwise(Behaviour.unauthorized());

        try (ServingCli server = serve("qa")) {
            // when
            HttpResponse<InputStream> response = open(server, "{\"question\": \"q\"}", "text/event-stream");

            // then
            assertThat(response.statusCode()).isEqualTo(502);
            String body = readAll(response);
            assertThat(JSON.readTree(body).path("error").path("message").asText())
                    .contains("HTTP 401")
                    .doesNotContain(KEY);
        }
    }

    /** A flex flow: a generator function, or (with {@code dict}) a function returning a mapping. */
    private void writeFlex() throws IOException {
        write("gen/flow.flex.yaml", "entry: talk:talk\ninputs:\n  question: {type: string}\n");
        write("gen/talk.py", """
                import time

                def talk(question: str):
                    for word in ["You", " asked", ": ", question]:
                        yield word
                """);
        write("dict/flow.flex.yaml", "entry: answer:answer\ninputs:\n  question: {type: string}\n");
        write("dict/answer.py", """
                def answer(question: str):
                    return {"output": question.upper(), "length": len(question)}
                """);
    }

    @Test
    void should_stream_a_flex_generator_and_answer_its_joined_bare_value_as_json() throws Exception {
        // given
        writeFlex();

        try (ServingCli server = ServingCli.start(dir, Map.of(), "serve", "--flow", "gen", "--port", "0")) {
            server.awaitReady();

            // when
            String streamed = readAll(open(server, "{\"question\": \"why?\"}", "text/event-stream"));
            HttpResponse<String> whole =
                    server.post("/score", "{\"question\": \"why?\"}", "Content-Type", "application/json");

            // then
            assertThat(streamed)
                    .isEqualTo("data: {\"output\": \"You\"}\n\n"
                            + "data: {\"output\": \" asked\"}\n\n"
                            + "data: {\"output\": \": \"}\n\n"
                            + "data: {\"output\": \"why?\"}\n\n");
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo("\"You asked: why?\"");
        }
    }

    @Test
    void should_answer_a_flex_mapping_as_json_even_when_the_client_asks_for_a_stream() throws Exception {
        // given
        writeFlex();

        try (ServingCli server = ServingCli.start(dir, Map.of(), "serve", "--flow", "dict", "--port", "0")) {
            server.awaitReady();

            // when
            HttpResponse<String> response = server.post(
                    "/score",
                    "{\"question\": \"hi\"}",
                    "Content-Type",
                    "application/json",
                    "Accept",
                    "text/event-stream, application/json");

            // then: not a generator, so no stream field: JSON, the mapping as returned
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(response.body()).isEqualTo("{\"output\":\"HI\",\"length\":2}");
        }
    }

    @Test
    void should_build_a_flex_class_entry_from_PF_FLOW_INIT_CONFIG() throws Exception {
        // given
        write("cls/flow.flex.yaml", """
                entry: bot:Bot
                inputs:
                  question: {type: string}
                init:
                  greeting: {type: string, default: Hello}
                """);
        write("cls/bot.py", """
                class Bot:
                    def __init__(self, greeting: str):
                        self.greeting = greeting

                    def __call__(self, question: str) -> str:
                        return self.greeting + ", " + question
                """);

        try (ServingCli server = ServingCli.start(
                dir,
                Map.of("PF_FLOW_INIT_CONFIG", "{\"greeting\": \"Bonjour\"}"),
                "serve",
                "--flow",
                "cls",
                "--port",
                "0")) {
            server.awaitReady();

            // when
            HttpResponse<String> response =
                    server.post("/score", "{\"question\": \"Alice\"}", "Content-Type", "application/json");

            // then
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("\"Bonjour, Alice\"");
        }
    }

    @Test
    void should_fail_start_up_with_exit_2_when_PF_FLOW_INIT_CONFIG_is_not_json() throws Exception {
        // given
        write("cls/flow.flex.yaml", "entry: bot:Bot\ninputs:\n  question: {type: string}\n");
        write("cls/bot.py", "class Bot:\n    def __call__(self, question: str) -> str:\n        return question\n");

        // when
        ServingCli server = ServingCli.start(
                dir, Map.of("PF_FLOW_INIT_CONFIG", "{greeting: nope"), "serve", "--flow", "cls", "--port", "0");
        CliResult result = server.result();

        // then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("PF_FLOW_INIT_CONFIG is not valid JSON");
        assertThat(server.listening()).isFalse();
    }
}
