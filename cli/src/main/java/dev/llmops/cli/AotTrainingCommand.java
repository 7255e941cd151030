package dev.llmops.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Hidden: the workload the launcher records its start-up cache from ({@code -XX:AOTCacheOutput} on JDK 25+).
 * Runs a small experiment end to end in a temporary folder — loading and checking it, the run engine calling a
 * local OpenAI-compatible endpoint over real HTTP, a built-in evaluator, the reports — so that the cache holds
 * the classes and method profiles of a real run rather than only those of {@code --help}. The first lines of a
 * user's run then start sooner and cost less CPU. Nothing leaves the machine and the folder is deleted after.
 */
@Command(
        name = "aot-training",
        hidden = true,
        description = "Run a small offline experiment end to end (the launcher's start-up cache is recorded from it).")
final class AotTrainingCommand extends BaseCommand {

    @Option(names = "--lines", description = "Lines of the training dataset (default: ${DEFAULT-VALUE}).")
    int lines = 400;

    @Override
    public Integer call() throws IOException {
        Path dir = Files.createTempDirectory("llmops-aot-training-");
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            server.setExecutor(threads);
            server.createContext("/", exchange -> answer(exchange, requests));
            server.start();
            try {
                writeUseCase(dir, server.getAddress().getPort());
                PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
                int code = Main.run(
                        quiet,
                        quiet,
                        context().env(),
                        "experiment",
                        "-u",
                        dir.toString(),
                        "--max-concurrency",
                        "16",
                        "--report-dir",
                        dir.resolve("reports").toString());
                Main.run(quiet, quiet, context().env(), "runs", "list", "-u", dir.toString());
                context()
                        .out()
                        .printf(
                                "aot-training: experiment exited %d after %d model calls to the local endpoint%n",
                                code, requests.get());
                return code;
            } finally {
                server.stop(0);
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static void answer(HttpExchange exchange, AtomicInteger requests) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        requests.incrementAndGet();
        byte[] body = ("{\"id\":\"chatcmpl-training\",\"object\":\"chat.completion\",\"model\":\"training-model\","
                        + "\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"Paris\"}}],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":1,"
                        + "\"total_tokens\":21}}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void writeUseCase(Path dir, int port) throws IOException {
        Path flow = Files.createDirectories(dir.resolve("flows/standard"));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve(".env"), "TRAINING_API_KEY=training-only-not-a-secret\n");
        Files.writeString(dir.resolve("experiment.yaml"), """
                name: aot_training
                flow: flows/standard
                connections:
                - name: local
                  connection_type: OpenAIConnection
                  base_url: http://127.0.0.1:%d/v1
                  api_key: ${TRAINING_API_KEY}
                datasets:
                - name: capitals
                  source: data/capitals.jsonl
                  mappings:
                    country: ${data.country}
                evaluators:
                - name: match
                  flow: builtin:exact_match
                  datasets:
                  - name: capitals
                    mappings:
                      response: ${run.outputs.answer}
                      ground_truth: ${data.capital}
                """.formatted(port));
        Files.writeString(flow.resolve("flow.dag.yaml"), """
                inputs:
                  country: {type: string}
                outputs:
                  answer: {type: string, reference: '${answer.output}'}
                nodes:
                - name: question
                  type: prompt
                  source: {type: code, path: question.jinja2}
                  inputs: {country: '${inputs.country}'}
                - name: answer
                  type: llm
                  source: {type: code, path: answer.jinja2}
                  connection: local
                  api: chat
                  inputs:
                    deployment_name: training-model
                    temperature: 0
                    max_tokens: 8
                    question: ${question.output}
                    examples: [France, Japan]
                """);
        Files.writeString(flow.resolve("question.jinja2"), "What is the capital of {{ country | trim }}?");
        Files.writeString(flow.resolve("answer.jinja2"), """
                # system:
                Answer with the city only.{% for e in examples %} Like {{ e | upper }}.{% endfor %}

                # user:
                {{ question }}
                """);
        StringBuilder data = new StringBuilder();
        String[][] capitals = {{"France", "Paris"}, {"Japan", "Tokyo"}, {"Peru", "Lima"}, {"Kenya", "Nairobi"}};
        for (int i = 0; i < lines; i++) {
            String[] c = capitals[i % capitals.length];
            data.append("{\"country\": \"")
                    .append(c[0])
                    .append("\", \"capital\": \"")
                    .append(c[1])
                    .append("\"}\n");
        }
        Files.writeString(dir.resolve("data/capitals.jsonl"), data);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
