package dev.llmops.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import dev.llmops.error.StateException;
import dev.llmops.run.store.RunRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One runner call whose runs execute different flows (the evaluation runs of several evaluators). */
class MixedFlowRunTest {

    private static final FlowSignature JUDGE = FlowSignature.of(FlowSignature.Input.required("question"));

    @TempDir
    Path dir;

    private RunRequest mixed(RunnerFixture f, RunFlow judge, RunOptions options) {
        RunRequest plain = f.request(
                List.of(RunnerFixture.defaults("ds1"), RunnerFixture.defaults("ds2")),
                List.of(f.input("ds1", 3), f.input("ds2", 4)),
                RecordingExecutor.echo(),
                options);
        return new RunRequest(
                plain.experiment(),
                plain.env(),
                plain.flowPath(),
                plain.flowHash(),
                plain.runs(),
                plain.datasets(),
                plain.signature(),
                plain.executors(),
                plain.options(),
                Map.of(RunnerFixture.defaults("ds2"), judge));
    }

    private static RunRecord find(RunnerFixture f, String dataset) {
        return f.store.list().stream()
                .filter(r -> r.dataset().equals(dataset))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void should_store_each_runs_own_flow_and_tags_in_one_batch() {
        // given
        RunnerFixture f = new RunnerFixture(dir);
        RunFlow judge = new RunFlow("evals/judge", "hash-j", JUDGE, Map.of("evaluator", "judge"));

        // when
        ExperimentResult result = f.runner()
                .run(mixed(
                        f, judge, RunOptions.builder().tags(Map.of("team", "a")).build()));

        // then
        assertThat(result.runs()).extracting(RunSummary::completed).containsExactly(3, 4);
        RunRecord standard = find(f, "ds1");
        RunRecord judged = find(f, "ds2");
        assertThat(standard.flowPath()).isEqualTo("flows/standard");
        assertThat(standard.flowHash()).isEqualTo("hash-1");
        assertThat(standard.tags()).containsExactly(Map.entry("team", "a"));
        assertThat(judged.flowPath()).isEqualTo("evals/judge");
        assertThat(judged.flowHash()).isEqualTo("hash-j");
        assertThat(judged.tags()).containsEntry("team", "a").containsEntry("evaluator", "judge");
        assertThat(judged.batch()).isEqualTo(standard.batch());
    }

    @Test
    void should_check_each_dataset_against_the_inputs_of_its_own_flow() {
        // given: the judge needs an input no mapping or column provides
        RunnerFixture f = new RunnerFixture(dir);
        RunFlow judge = new RunFlow(
                "evals/judge", "hash-j", FlowSignature.of(FlowSignature.Input.required("answer")), Map.of());

        // when / then: nothing starts
        assertThatThrownBy(() ->
                        f.runner().run(mixed(f, judge, RunOptions.builder().build())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ds2.jsonl:1")
                .hasMessageContaining("dataset 'ds2'")
                .hasMessageContaining("flow input 'answer' has no mapping");
        assertThat(f.store.list()).isEmpty();
    }

    @Test
    void should_refuse_to_resume_a_run_whose_own_flow_changed() {
        // given: a finished batch with failures in the judged run, so a retry would run it again
        RunnerFixture f = new RunnerFixture(dir);
        RunFlow judge = new RunFlow("evals/judge", "hash-j", JUDGE, Map.of());
        RunRequest first = mixed(f, judge, RunOptions.builder().build());
        RunRequest failing = new RunRequest(
                first.experiment(),
                first.env(),
                first.flowPath(),
                first.flowHash(),
                first.runs(),
                first.datasets(),
                first.signature(),
                plan -> new RecordingExecutor(n -> plan.dataset().equals("ds2"), n -> false, 0, false),
                first.options(),
                first.flows());
        f.runner().run(failing);
        String judged = find(f, "ds2").name();
        RunFlow changed = new RunFlow("evals/judge", "hash-j2", JUDGE, Map.of());

        // when / then
        assertThatThrownBy(() -> f.runner()
                        .run(mixed(
                                f,
                                changed,
                                RunOptions.builder()
                                        .resume(judged)
                                        .retryFailed(true)
                                        .build())))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("cannot resume " + judged + ": the flow changed");
    }
}
