package dev.llmops.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.experiment.Mapping;
import dev.llmops.llm.CallObserver;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.TokenUsage;
import dev.llmops.run.store.LineRecord;
import dev.llmops.run.store.RunStatus;
import dev.llmops.run.variant.PlannedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationRunTest {

    @TempDir
    Path dir;

    @Test
    void should_feed_an_evaluation_run_from_the_referenced_runs_lines() {
        // given a standard run whose line 4 failed
        RunnerFixture f = new RunnerFixture(dir);
        String standard = f.runner()
                .run(f.request(
                        List.of(RunnerFixture.defaults("ds1")),
                        List.of(f.input("ds1", 10)),
                        new RecordingExecutor(n -> n == 4, n -> false, 0, false),
                        RunOptions.builder().build()))
                .runs()
                .get(0)
                .name();
        FlowSignature evalFlow =
                FlowSignature.of(FlowSignature.Input.required("answer"), FlowSignature.Input.required("question"));
        DatasetInput eval = new DatasetInput(
                "ds1",
                f.dataset("ds1", 10),
                () -> DataRowSource.open(new dev.llmops.data.DataReader(), dir.resolve("ds1.jsonl")),
                Mapping.parseAll(Map.of("answer", "${run.outputs.answer}", "question", "${run.inputs.question}")),
                standard);
        LineExecutor grader = (line, inputs) -> new LineOutcome.Success(
                Map.of("grade", inputs.get("answer").equals("echo " + inputs.get("question")) ? 1 : 0),
                TokenUsage.ZERO,
                1);

        // when
        ExperimentResult result = f.runner()
                .run(new RunRequest(
                        "exp_eval",
                        null,
                        "flows/eval",
                        "e",
                        List.of(RunnerFixture.defaults("ds1")),
                        Map.of("ds1", eval),
                        evalFlow,
                        plan -> grader,
                        RunOptions.builder().build()));

        // then every line is graded against its own standard line; the failed one has nothing to grade
        String run = result.runs().get(0).name();
        List<LineRecord> lines =
                StreamSupport.stream(f.store.lines(run).spliterator(), false).toList();
        assertThat(lines).hasSize(10);
        assertThat(lines.stream().filter(r -> !r.failed()).map(r -> r.outputs().get("grade")))
                .hasSize(9)
                .containsOnly(1);
        assertThat(lines.get(4).error().message()).contains("${run.outputs.answer} not found in run '" + standard);
        assertThat(result.runs().get(0).status()).isEqualTo(RunStatus.CompletedWithErrors);
    }

    @Test
    void should_estimate_cost_from_the_tokens_each_run_used_per_connection() {
        // given a priced connection and a flow whose model calls report to the observer on the line's thread
        RunnerFixture f = new RunnerFixture(dir);
        ConnectionConfig aoai = new ConnectionConfig(
                "aoai",
                "AzureOpenAIConnection",
                Map.of(CostEstimator.PROMPT_PRICE, "0.5", CostEstimator.COMPLETION_PRICE, "1.5"),
                Set.of());
        UsageTracker tracker = new UsageTracker(CallObserver.NONE);
        LineExecutor flow = (line, inputs) -> {
            tracker.beforeAttempt("aoai", 100);
            tracker.afterAttempt("aoai", 200, new TokenUsage(100, 20), -1);
            return new LineOutcome.Success(Map.of("a", 1), new TokenUsage(100, 20), 1);
        };
        RunOptions options = RunOptions.builder()
                .costs(new CostEstimator(Map.of("aoai", aoai)), tracker)
                .build();

        // when two runs execute concurrently
        ExperimentResult result = f.runner()
                .run(f.request(
                        List.of(RunnerFixture.defaults("ds1"), new PlannedRun("ds1", Map.of("n", "b"), "n.b")),
                        List.of(f.input("ds1", 10)),
                        flow,
                        options));

        // then each run is charged for its own 10 lines: 1000 prompt + 200 completion tokens
        assertThat(result.runs()).extracting(RunSummary::costEstimate).containsExactly(0.8, 0.8);
        assertThat(f.store.load(result.runs().get(0).name()).costEstimate()).isEqualTo(0.8);
    }

    @Test
    void should_write_run_names_as_a_json_list() throws Exception {
        // when
        Path file = dir.resolve("out/run_ids.txt");
        RunIdsFile.write(file, List.of("a_default_ds", "a_n.b_ds"));

        // then
        assertThat(Files.readString(file)).isEqualTo("[\"a_default_ds\",\"a_n.b_ds\"]");
    }
}
