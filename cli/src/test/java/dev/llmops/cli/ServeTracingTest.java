package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.testing.FakeLlmServer;
import dev.llmops.testing.OtlpReceiver;
import dev.llmops.testing.OtlpReceiver.ReceivedSpan;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmops serve} with {@code OTEL_EXPORTER_OTLP_ENDPOINT}: the traces a real OTLP/HTTP receiver gets, decoded
 * from the protobuf the exporter sends.
 */
class ServeTracingTest {

    private static final String KEY = "aoai-key-tracing-31";
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final FakeLlmServer llm = FakeLlmServer.start();
    private final OtlpReceiver otlp = OtlpReceiver.start();

    @AfterEach
    void stop() {
        llm.close();
        otlp.close();
    }

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** A prompt node shaping the question, then the llm node answering it. */
    private void writeFlow() throws IOException {
        write("qa/flow.dag.yaml", """
                inputs:
                  question: {type: string}
                outputs:
                  answer: {type: string, reference: "${answer.output}"}
                nodes:
                - name: shape
                  type: prompt
                  source: {type: code, path: shape.jinja2}
                  inputs: {question: "${inputs.question}"}
                - name: answer
                  type: llm
                  api: chat
                  connection: aoai
                  source: {type: code, path: qa.jinja2}
                  inputs: {deployment_name: gpt-4o, question: "${shape.output}"}
                """);
        write("qa/shape.jinja2", "Q: {{ question }}");
        write("qa/qa.jinja2", "system:\nAnswer briefly.\nuser:\n{{ question }}\n");
        write("aoai.yaml", """
                name: aoai
                type: azure_open_ai
                api_base: %s
                api_key: ${AOAI_KEY}
                api_version: 2024-10-21
                """.formatted(llm.azureApiBase()));
    }

    private ServingCli serve(Map<String, String> extra) throws InterruptedException {
        Map<String, String> env = new HashMap<>(extra);
        env.put("AOAI_KEY", KEY);
        return ServingCli.start(dir, env, "serve", "--flow", "qa", "--connection", "aoai=aoai.yaml", "--port", "0");
    }

    private static ReceivedSpan named(java.util.List<ReceivedSpan> spans, String name) {
        return spans.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in "
                        + spans.stream().map(ReceivedSpan::name).toList()));
    }

    @Test
    void should_export_the_request_its_nodes_and_the_model_call_with_token_counts() throws Exception {
        // given
        writeFlow();
        llm.answer("Paris.", 20, 2);

        try (ServingCli server = serve(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(),
                "OTEL_EXPORTER_OTLP_HEADERS", "x-otlp-token=tok%2D123",
                "OTEL_SERVICE_NAME", "qa-service",
                "OTEL_BSP_SCHEDULE_DELAY", "50"))) {
            server.awaitReady();

            // when
            HttpResponse<String> response = server.post(
                    "/score",
                    "{\"question\": \"Capital of France?\"}",
                    "Content-Type",
                    "application/json",
                    "x-request-id",
                    "req-9",
                    "traceparent",
                    "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");
            assertThat(response.statusCode()).isEqualTo(200);
            otlp.await(s -> s.name().equals("POST /score"), WAIT);
        }

        // then: request -> nodes -> model call, in the caller's trace
        java.util.List<ReceivedSpan> spans = otlp.spans();
        ReceivedSpan request = named(spans, "POST /score");
        ReceivedSpan shape = named(spans, "shape");
        ReceivedSpan answer = named(spans, "answer");
        ReceivedSpan model = named(spans, "chat gpt-4o");
        assertThat(request.traceId()).isEqualTo(TRACE_ID);
        assertThat(request.parentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(request.kind()).isEqualTo(2); // SERVER
        assertThat(request.attributes())
                .containsEntry("http.response.status_code", 200L)
                .containsEntry("request_id", "req-9")
                .containsEntry("gen_ai.usage.input_tokens", 20L);
        assertThat(shape.parentSpanId()).isEqualTo(request.spanId());
        assertThat(answer.parentSpanId()).isEqualTo(request.spanId());
        assertThat(answer.attributes()).containsEntry("llmops.node.type", "llm");
        assertThat(model.parentSpanId()).isEqualTo(answer.spanId());
        assertThat(model.traceId()).isEqualTo(TRACE_ID);
        assertThat(model.kind()).isEqualTo(3); // CLIENT
        assertThat(model.attributes())
                .containsEntry("gen_ai.system", "az.ai.openai")
                .containsEntry("gen_ai.request.model", "gpt-4o")
                .containsEntry("gen_ai.usage.input_tokens", 20L)
                .containsEntry("gen_ai.usage.output_tokens", 2L)
                .containsEntry("llmops.stream", false);
        assertThat(model.startNanos()).isGreaterThanOrEqualTo(answer.startNanos());
        assertThat(model.endNanos()).isLessThanOrEqualTo(answer.endNanos());
        assertThat(request.resource()).containsEntry("service.name", "qa-service");
        assertThat(otlp.requestHeaders()).allSatisfy(h -> assertThat(h).containsEntry("x-otlp-token", "tok-123"));
        assertThat(spans).noneMatch(s -> s.name().contains("/health"));
        assertThat(spans.toString()).doesNotContain(KEY);
    }

    @Test
    void should_mark_a_failed_model_call_and_a_streamed_one_in_their_spans() throws Exception {
        // given
        writeFlow();
        llm.enqueue(FakeLlmServer.Behaviour.unauthorized()).answer("Paris.");

        try (ServingCli server =
                serve(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint() + "/", "OTEL_BSP_SCHEDULE_DELAY", "50"))) {
            // when
            HttpResponse<String> refused = server.post("/score", "{\"question\": \"q\"}");
            HttpResponse<String> streamed =
                    server.post("/score", "{\"question\": \"q\"}", "Accept", "text/event-stream");
            assertThat(refused.statusCode()).isEqualTo(502);
            assertThat(streamed.statusCode()).isEqualTo(200);
            otlp.await(
                    s -> s.name().equals("chat gpt-4o")
                            && Boolean.TRUE.equals(s.attributes().get("llmops.stream")),
                    WAIT);
            otlp.await(
                    s -> s.name().equals("POST /score")
                            && Long.valueOf(502).equals(s.attributes().get("http.response.status_code")),
                    WAIT);
        }

        // then
        java.util.List<ReceivedSpan> spans = otlp.spans();
        ReceivedSpan failed = spans.stream()
                .filter(s -> s.name().equals("chat gpt-4o")
                        && "401".equals(s.attributes().get("error.type")))
                .findFirst()
                .orElseThrow();
        assertThat(failed.statusCode()).isEqualTo(2); // ERROR
        ReceivedSpan failedRequest = spans.stream()
                .filter(s -> s.name().equals("POST /score") && s.traceId().equals(failed.traceId()))
                .findFirst()
                .orElseThrow();
        assertThat(failedRequest.statusCode()).isEqualTo(2);
        assertThat(failedRequest.parentSpanId()).isEmpty();
        assertThat(spans.toString()).doesNotContain(KEY);
    }

    @Test
    void should_refuse_an_otlp_protocol_it_cannot_send_with_exit_2() throws Exception {
        // given
        writeFlow();

        // when
        ServingCli server =
                serve(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(), "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));
        CliResult result = server.result();

        // then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported", "http/protobuf");
        assertThat(server.listening()).isFalse();
    }
}
