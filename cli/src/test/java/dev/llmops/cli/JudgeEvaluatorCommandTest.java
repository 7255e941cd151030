package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static dev.llmops.cli.ExperimentCommandTest.metric;
import static dev.llmops.cli.ExperimentCommandTest.metricsJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmops.testing.FakeLlmServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A built-in LLM judge through the experiment's {@code judge} connection, against a local OpenAI-protocol server. */
class JudgeEvaluatorCommandTest {

    private static final String KEY = "sk-judge-secret-98765";

    @TempDir
    Path dir;

    private FakeLlmServer server;

    @BeforeEach
    void start() {
        // The judge rates the Paris answer 5 and everything else 2, in the JSON form the prompt asks for.
        server = FakeLlmServer.start()
                .answerWith(r -> r.body().contains("Paris")
                        ? "{\"score\": 5, \"reason\": \"answers the question\"}"
                        : "{\"score\": 2, \"reason\": \"off topic\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void should_score_lines_with_the_judge_connection() throws Exception {
        // given
        QuizUseCase.write(dir.resolve("quiz"), """
                - name: judged
                  flow: builtin:relevance
                  datasets:
                  - name: other
                    mappings:
                      query: ${data.question}
                      response: ${run.outputs.answer}
                connections:
                - name: judge
                  connection_type: OpenAIConnection
                  base_url: %s
                  api_key: ${api_key}
                  deployment_name: judge-model
                """.formatted(server.openAiBaseUrl()));

        // when
        CliResult result = CliRun.in(dir).env("JUDGE_API_KEY", KEY).run("experiment", "-u", "quiz");

        // then: line 1 (Paris) 5, line 2 2 → mean 3.5; the key never shows
        assertThat(result).succeeded().outDoesNotContain(KEY).errDoesNotContain(KEY);
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(server.lastRequest().json().path("model").asText()).isEqualTo("judge-model");
        assertThat(metric(metricsJson(dir.resolve("reports")), "judged", "default", "relevance"))
                .isCloseTo(3.5, within(1e-12));
    }

    @Test
    void should_name_the_missing_judge_connection() throws Exception {
        // given
        QuizUseCase.write(dir.resolve("quiz"), """
                - name: judged
                  flow: builtin:relevance
                  datasets:
                  - name: other
                    mappings:
                      query: ${data.question}
                      response: ${run.outputs.answer}
                """);
        assertThat(CliRun.in(dir).run("run", "-u", "quiz")).succeeded();

        // when
        CliResult result = CliRun.in(dir).run("eval", "-u", "quiz");

        // then
        assertThat(result).exitedWith(2).errContains("needs a connection named 'judge'");
    }
}
