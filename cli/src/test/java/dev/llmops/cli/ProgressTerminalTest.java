package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.testing.FakeLlmServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * The progress display as a user gets it: {@code llmops run} started through {@link Main#main} in its own JVM,
 * once inside a pseudo-terminal ({@code script}), once writing to a pipe.
 */
class ProgressTerminalTest {

    private static final String KEY = "sk-progress-test-0001";
    private static final int LINES = 24;
    private static final String ERASE = "\u001b[K";

    @TempDir
    Path dir;

    private FakeLlmServer server;

    @BeforeEach
    void start() throws IOException {
        // Two 429s (with Retry-After: 0, so the retries are immediate), then slow enough answers for several frames.
        server = FakeLlmServer.start()
                .enqueue(
                        new FakeLlmServer.Behaviour.Status(429, Map.of("Retry-After", "0"), "{}"),
                        new FakeLlmServer.Behaviour.Status(429, Map.of("Retry-After", "0"), "{}"))
                .otherwise(new FakeLlmServer.Behaviour.Delayed(
                        Duration.ofMillis(60), FakeLlmServer.Behaviour.answerWith(r -> "ok")));
        writeUseCase();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void should_redraw_one_line_fitted_to_the_terminal_in_a_terminal() {
        // when
        String out = inTerminal(Map.of("COLUMNS", "100"), "run", "-u", ".", "--max-concurrency", "2");

        // then: frames, each starting at the line's start and erasing the rest, none wider than the terminal
        List<String> frames = frames(out);
        assertThat(frames).as(out).hasSizeGreaterThanOrEqualTo(2);
        assertThat(frames).allSatisfy(f -> assertThat(f.length()).isLessThan(100));
        assertThat(frames.getLast())
                .startsWith("[##")
                .contains(LINES + "/" + LINES + " (100%)")
                .contains("0 failed, 2 throttled (429)");
        // no plain progress lines in a terminal
        assertThat(out).doesNotContain("lines (");
        assertThat(out).contains("Completed");
    }

    @Test
    void should_print_plain_lines_when_the_output_is_not_a_terminal() {
        // when
        String out = piped("run", "-u", ".", "--max-concurrency", "2");

        // then
        assertThat(out).doesNotContain(ERASE).doesNotContain("\r");
        assertThat(out).contains("[qa_default_small_").contains(LINES + "/" + LINES + " lines (100%)");
    }

    @Test
    void should_not_redraw_in_ci_even_in_a_terminal() {
        // when
        String out = inTerminal(Map.of("CI", "true"), "run", "-u", ".", "--max-concurrency", "2");

        // then
        assertThat(out).doesNotContain(ERASE).contains(LINES + "/" + LINES + " lines (100%)");
    }

    @Test
    void should_show_no_progress_with_no_progress_and_only_results_with_quiet() {
        // when
        String noProgress = inTerminal(Map.of(), "run", "-u", ".", "--no-progress");
        String quiet = inTerminal(Map.of(), "run", "-u", ".", "--quiet");

        // then
        assertThat(noProgress).doesNotContain(ERASE).doesNotContain("lines (").contains("planned run");
        assertThat(noProgress).contains("Completed");
        assertThat(quiet).doesNotContain(ERASE).doesNotContain("lines (").doesNotContain("planned run");
        assertThat(quiet).contains("Completed");
    }

    /** What a terminal shows between carriage returns, with the pseudo-terminal's CR LF turned back into LF. */
    private static List<String> frames(String out) {
        String text = out.replace("\r\n", "\n");
        List<String> frames = new ArrayList<>();
        for (String piece : text.split("\r")) {
            int erase = piece.indexOf(ERASE);
            if (erase >= 0) {
                frames.add(piece.substring(0, erase));
            }
        }
        return frames;
    }

    private String inTerminal(Map<String, String> env, String... args) {
        String script = tool("script");
        String command =
                javaCommand(args).stream().map(ProgressTerminalTest::quote).collect(Collectors.joining(" "));
        return exec(List.of(script, "-qfec", command, "/dev/null"), env);
    }

    private String piped(String... args) {
        return exec(javaCommand(args), Map.of());
    }

    private static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    private String exec(List<String> command, Map<String, String> extraEnv) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.remove("CI");
        env.remove("COLUMNS");
        env.remove("TERM");
        env.put("TERM", "xterm");
        env.put("api_key", KEY);
        env.putAll(extraEnv);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("did not finish: " + out);
            }
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).doesNotContain(KEY);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String tool(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        String message = name + " (util-linux) is needed to test the terminal progress: apt-get install bsdutils";
        if (System.getenv("CI") != null) {
            throw new AssertionError(message);
        }
        throw new TestAbortedException(message);
    }

    private void writeUseCase() throws IOException {
        Files.writeString(dir.resolve("experiment.yaml"), """
                name: qa
                flow: flow
                connections:
                - name: llm
                  connection_type: OpenAIConnection
                  base_url: %s
                  api_key: ${api_key}
                datasets:
                - name: small
                  source: data.jsonl
                  mappings:
                    question: ${data.question}
                """.formatted(server.openAiBaseUrl()));
        Files.writeString(
                dir.resolve("data.jsonl"),
                IntStream.range(0, LINES)
                        .mapToObj(i -> "{\"question\": \"q" + i + "\"}")
                        .collect(Collectors.joining("\n", "", "\n")));
        Path flow = Files.createDirectories(dir.resolve("flow"));
        Files.writeString(flow.resolve("flow.dag.yaml"), """
                inputs:
                  question:
                    type: string
                outputs:
                  answer:
                    type: string
                    reference: ${answer.output}
                nodes:
                - name: answer
                  type: llm
                  source: {type: code, path: answer.jinja2}
                  connection: llm
                  api: chat
                  inputs: {model: gpt-test, temperature: 0, question: "${inputs.question}"}
                """);
        Files.writeString(flow.resolve("answer.jinja2"), "system:\nAnswer briefly.\nuser:\n{{question}}\n");
    }
}
