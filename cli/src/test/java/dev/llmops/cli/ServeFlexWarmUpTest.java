package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health} of a served flex flow: not ready until the entry is loaded and a class entry built, then the
 * first request reuses that instance; an entry whose constructor raises keeps the server not ready and says why.
 * A real {@code llmops serve} with a real python worker.
 */
class ServeFlexWarmUpTest {

    @TempDir
    Path dir;

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** A class entry whose constructor waits for the file {@code gate} (at most 60 s) and counts its builds. */
    private void writeGatedBot() throws IOException {
        write("bot/flow.flex.yaml", "entry: bot:Bot\ninputs:\n  question: {type: string}\n");
        write("bot/bot.py", """
                import os
                import time

                GATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gate")


                class Bot:
                    builds = 0

                    def __init__(self):
                        deadline = time.time() + 60
                        while not os.path.exists(GATE) and time.time() < deadline:
                            time.sleep(0.02)
                        Bot.builds += 1
                        self.calls = 0

                    def __call__(self, question: str) -> dict:
                        self.calls += 1
                        return {"builds": Bot.builds, "calls": self.calls}
                """);
    }

    @Test
    void should_report_not_ready_until_the_class_entry_is_built_and_then_serve_with_that_instance() throws Exception {
        // given
        writeGatedBot();

        try (ServingCli server = ServingCli.start(dir, Map.of(), "serve", "--flow", "bot", "--port", "0")) {
            // when: the constructor is still waiting
            HttpResponse<String> before = server.get("/health");

            // then
            assertThat(before.statusCode()).isEqualTo(503);
            assertThat(before.body()).contains("NotReady");

            // when: the constructor may finish
            Files.writeString(dir.resolve("gate"), "");
            server.awaitReady();
            HttpResponse<String> scored = server.post("/score", "{\"question\": \"hi\"}");

            // then: built once, before the first request, which used that instance
            assertThat(scored.statusCode()).as(scored.body()).isEqualTo(200);
            assertThat(scored.body()).isEqualTo("{\"builds\":1,\"calls\":1}");
        }
    }

    @Test
    void should_stay_not_ready_and_say_why_when_the_constructor_raises() throws Exception {
        // given
        write("bad/flow.flex.yaml", "entry: bot:Bot\ninputs:\n  question: {type: string}\n");
        write("bad/bot.py", """
                class Bot:
                    def __init__(self):
                        raise RuntimeError("the index is missing")

                    def __call__(self, question: str) -> str:
                        return question
                """);

        try (ServingCli server = ServingCli.start(dir, Map.of(), "serve", "--flow", "bad", "--port", "0")) {
            // when
            String out = server.awaitOut("the index is missing");
            HttpResponse<String> health = server.get("/health");

            // then
            assertThat(out).contains("Bot.__init__ failed: RuntimeError: the index is missing");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("NotReady");
        }
    }
}
