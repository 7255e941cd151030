package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static dev.llmops.cli.ExperimentCommandTest.metric;
import static dev.llmops.cli.ExperimentCommandTest.metricsJson;
import static dev.llmops.cli.ExperimentCommandTest.runs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.testing.FakeLlmRequest;
import dev.llmops.testing.FakeLlmServer;
import dev.llmops.testing.FakeLlmServer.Behaviour;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation runs share one scheduler: every evaluator's lines under one {@code --max-concurrency}, one batch that
 * {@code --resume} continues, link tags from the first {@code run.json}. Two LLM judges on the quiz dataset (3
 * lines each) talk to a local OpenAI-protocol server.
 */
class EvalSchedulingCommandTest {

    private static final String JUDGES = """
            - name: rel
              flow: builtin:relevance
              datasets:
              - name: quiz
                mappings:
                  query: ${data.question}
                  response: ${run.outputs.answer}
            - name: coh
              flow: builtin:coherence
              datasets:
              - name: quiz
                mappings:
                  query: ${data.question}
                  response: ${run.outputs.answer}
            connections:
            - name: judge
              connection_type: OpenAIConnection
              base_url: %s
              api_key: ${api_key}
              deployment_name: judge-model
            """;

    @TempDir
    Path dir;

    private FakeLlmServer server;
    private Path quiz;

    @BeforeEach
    void start() throws Exception {
        // Paris answers score 5, the other two lines 2: relevance and coherence means are (5 + 2 + 2) / 3 = 3.
        server = FakeLlmServer.start().answerWith(FakeLlmServerScores::score);
        quiz = QuizUseCase.write(dir.resolve("quiz"), JUDGES.formatted(server.openAiBaseUrl()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun cli() {
        return CliRun.in(dir).env("JUDGE_API_KEY", "sk-test-judge");
    }

    @Test
    void should_run_both_evaluators_lines_together_under_one_concurrency_limit() throws Exception {
        // given: the first requests are held until four are in flight at once
        assertThat(cli().run("run", "-u", "quiz")).succeeded();
        CountDownLatch fourInFlight = new CountDownLatch(4);
        server.when(r -> arriveAndHold(fourInFlight), Behaviour.answer("unused"));

        // when
        CliResult result = cli().run("eval", "-u", "quiz", "--max-concurrency", "4", "--no-report");

        // then: one evaluator has 3 lines, so 4 at once means both ran together, and never more than the limit
        assertThat(result).succeeded().outContains("Evaluating with rel").outContains("Evaluating with coh");
        assertThat(server.requestCount()).isEqualTo(6);
        assertThat(server.peakConcurrency()).isEqualTo(4);
        List<String> firstFour = server.requests().subList(0, 4).stream()
                .map(r -> r.body().contains("COHERENCE") ? "coh" : "rel")
                .toList();
        assertThat(firstFour).contains("coh", "rel");
        // one batch: every evaluation run of this eval shares it
        assertThat(runs(quiz, "evaluation"))
                .extracting(r -> r.path("batch").asText())
                .hasSize(5)
                .containsOnly(runs(quiz, "evaluation").get(0).path("batch").asText());
    }

    @Test
    void should_resume_an_interrupted_evaluation_evaluating_only_the_failed_line() throws Exception {
        // given: the judge refuses the "largest planet" line of the relevance run once
        assertThat(cli().run("run", "-u", "quiz")).succeeded();
        AtomicBoolean refused = new AtomicBoolean();
        server.when(
                r -> r.body().contains("RELEVANCE")
                        && r.body().contains("largest planet")
                        && refused.compareAndSet(false, true),
                new Behaviour.Status(400, Map.of(), "{\"error\": {\"message\": \"bad request\"}}"));
        CliResult first = cli().run("eval", "-u", "quiz", "--no-report");
        assertThat(first).exitedWith(1);
        assertThat(server.requestCount()).isEqualTo(6);
        List<String> before = names(runs(quiz, "evaluation"));

        // when
        CliResult resumed = cli().run("eval", "-u", "quiz", "--resume", "--retry-failed");

        // then: one more request, the same runs, and the metrics of an evaluation that never failed
        assertThat(resumed).succeeded();
        assertThat(server.requestCount()).isEqualTo(7);
        assertThat(names(runs(quiz, "evaluation"))).containsExactlyInAnyOrderElementsOf(before);
        assertThat(runs(quiz, "evaluation"))
                .allSatisfy(r -> assertThat(r.path("status").asText()).isEqualTo("Completed"));
        JsonNode metrics = metricsJson(dir.resolve("reports"));
        assertThat(metric(metrics, "rel", "default", "relevance")).isCloseTo(3.0, within(1e-12));
        assertThat(metric(metrics, "coh", "default", "coherence")).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void should_resume_the_evaluations_of_an_interrupted_experiment() throws Exception {
        // given
        AtomicBoolean refused = new AtomicBoolean();
        server.when(
                r -> r.body().contains("COHERENCE")
                        && r.body().contains("Shakespeare")
                        && refused.compareAndSet(false, true),
                new Behaviour.Status(400, Map.of(), "{\"error\": {\"message\": \"bad request\"}}"));
        assertThat(cli().run("experiment", "-u", "quiz")).exitedWith(1);
        List<String> standard = names(runs(quiz, "standard"));
        List<String> evaluations = names(runs(quiz, "evaluation"));

        // when
        CliResult resumed = cli().run("experiment", "-u", "quiz", "--resume", "--retry-failed");

        // then: the standard runs were complete, so only the refused evaluation line ran again
        assertThat(resumed).succeeded();
        assertThat(server.requestCount()).isEqualTo(7);
        assertThat(names(runs(quiz, "standard"))).containsExactlyInAnyOrderElementsOf(standard);
        assertThat(names(runs(quiz, "evaluation"))).containsExactlyInAnyOrderElementsOf(evaluations);
        assertThat(metric(metricsJson(dir.resolve("reports")), "coh", "default", "coherence"))
                .isCloseTo(3.0, within(1e-12));
    }

    @Test
    void should_link_an_evaluation_run_to_its_standard_run_before_it_finishes() throws Exception {
        // given: the judge holds every request until the test has looked, so the evaluation runs stay unfinished
        assertThat(cli().run("run", "-u", "quiz")).succeeded();
        Map<String, String> standardRuns = runs(quiz, "standard").stream()
                .collect(Collectors.toMap(
                        r -> r.path("dataset").asText(), r -> r.path("name").asText()));
        CountDownLatch looked = new CountDownLatch(1);
        server.when(r -> hold(looked), Behaviour.answer("unused"));
        CompletableFuture<CliResult> eval =
                CompletableFuture.supplyAsync(() -> cli().run("eval", "-u", "quiz", "--no-report"));
        server.awaitRequests(6, Duration.ofSeconds(60));

        // when
        List<JsonNode> unfinished = runs(quiz, "evaluation").stream()
                .filter(r -> r.path("status").asText().equals("Running"))
                .toList();

        // then: every run of the batch is still open (runs finish together) and already says what it evaluates
        assertThat(unfinished)
                .extracting(r -> r.path("tags").path("evaluator").asText() + "@"
                        + r.path("tags").path("eval_dataset").asText())
                .containsExactlyInAnyOrder(
                        "exact@quiz", "overlap@quiz_truth", "other_exact@other_truth", "rel@quiz", "coh@quiz");
        assertThat(unfinished).allSatisfy(r -> {
            JsonNode tags = r.path("tags");
            assertThat(tags.path("kind").asText()).isEqualTo("evaluation");
            assertThat(tags.path("variant").asText()).isEqualTo("default");
            assertThat(tags.path("standard_run").asText())
                    .isEqualTo(standardRuns.get(tags.path("standard_dataset").asText()));
        });
        looked.countDown();
        assertThat(eval.get()).succeeded();
    }

    @Test
    void should_refuse_to_resume_when_nothing_was_evaluated() {
        // given
        assertThat(cli().run("run", "-u", "quiz")).succeeded();

        // when
        CliResult result = cli().run("eval", "-u", "quiz", "--resume");

        // then
        assertThat(result)
                .exitedWith(3)
                .errContains("no evaluation runs in")
                .errContains("run 'llmops eval' without --resume");
        assertThat(server.requestCount()).isZero();
    }

    /** Counts the request in, then holds it until the latch opens. */
    private static boolean arriveAndHold(CountDownLatch latch) {
        latch.countDown();
        return hold(latch);
    }

    /** Holds the request until the latch opens; never matches, so the default answer follows. */
    private static boolean hold(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static List<String> names(List<JsonNode> runs) {
        return runs.stream().map(r -> r.path("name").asText()).toList();
    }

    /** The scripted judge: 5 for the Paris line, 2 otherwise, in the JSON form the judge prompts ask for. */
    private static final class FakeLlmServerScores {
        static String score(FakeLlmRequest r) {
            return r.body().contains("Paris")
                    ? "{\"score\": 5, \"reason\": \"answers the question\"}"
                    : "{\"score\": 2, \"reason\": \"off topic\"}";
        }
    }
}
