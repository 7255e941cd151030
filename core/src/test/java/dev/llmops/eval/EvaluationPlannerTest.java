package dev.llmops.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import dev.llmops.eval.EvaluationPlanner.Evaluator;
import dev.llmops.eval.EvaluationPlanner.EvaluatorDataset;
import dev.llmops.eval.EvaluationPlanner.Planned;
import dev.llmops.eval.EvaluationPlanner.StandardRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationPlannerTest {

    private static final StandardRun TRAIN_0 = new StandardRun("run-0", "web_train", Path.of("data/data.jsonl"), 3);
    private static final StandardRun TRAIN_1 = new StandardRun("run-1", "web_train", Path.of("data/data.jsonl"), 3);
    private static final StandardRun NEW_0 = new StandardRun("run-2", "web_train_new", Path.of("data/data.jsonl"), 5);

    @Test
    void should_match_by_reuse_and_by_reference() {
        // given: one evaluator re-uses web_train by name, the other has a related file referencing web_train_new
        Evaluator reuse = new Evaluator(
                "evaluation", List.of(new EvaluatorDataset("web_train", null, Path.of("data/data.jsonl"))));
        Evaluator related = new Evaluator(
                "evaluation_adv",
                List.of(new EvaluatorDataset("web_test_adv", "web_train_new", Path.of("data/adv.jsonl"))));

        // when
        List<Planned> plan = EvaluationPlanner.plan(List.of(reuse, related), List.of(TRAIN_0, NEW_0, TRAIN_1));

        // then: evaluator order first, then run order; each evaluator only sees its dataset's runs
        assertThat(plan)
                .extracting(p -> p.evaluator().name() + ":" + p.run().runId() + ":"
                        + p.dataset().name())
                .containsExactly(
                        "evaluation:run-0:web_train",
                        "evaluation:run-1:web_train",
                        "evaluation_adv:run-2:web_test_adv");
    }

    @Test
    void should_run_several_evaluator_datasets_on_one_standard_dataset() {
        // given: both datasets of one evaluator point at web_train, and a second evaluator also does
        Evaluator first = new Evaluator(
                "grader",
                List.of(
                        new EvaluatorDataset("gt_strict", "web_train", Path.of("data/strict.jsonl")),
                        new EvaluatorDataset("gt_lenient", "web_train", Path.of("data/lenient.jsonl")),
                        new EvaluatorDataset("unrelated", "other", Path.of("data/other.jsonl"))));
        Evaluator second =
                new Evaluator("judge", List.of(new EvaluatorDataset("web_train", null, Path.of("data/data.jsonl"))));

        // when
        List<Planned> plan = EvaluationPlanner.plan(List.of(first, second), List.of(TRAIN_0));

        // then
        assertThat(plan)
                .extracting(p -> p.evaluator().name() + ":" + p.dataset().name())
                .containsExactly("grader:gt_strict", "grader:gt_lenient", "judge:web_train");
    }

    @Test
    void should_never_match_on_file_path_text() {
        // given: same file as the run's data, but a different dataset name and reference
        Evaluator evaluator = new Evaluator(
                "evaluation", List.of(new EvaluatorDataset("data", "data.jsonl", Path.of("data/data.jsonl"))));

        // then
        assertThat(EvaluationPlanner.plan(List.of(evaluator), List.of(TRAIN_0))).isEmpty();
    }

    @Test
    void should_name_both_files_when_line_counts_differ() {
        // given
        Planned planned = new Planned(
                new Evaluator("evaluation_adv", List.of()),
                new EvaluatorDataset("web_test_adv", "web_train_new", Path.of("data/adv.jsonl")),
                NEW_0);

        // when / then
        assertThatThrownBy(() -> EvaluationPlanner.checkAligned(planned, 4))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("evaluation data " + Path.of("data/adv.jsonl") + " has 4 lines")
                .hasMessageContaining("standard run run-2 ran 5 lines of " + Path.of("data/data.jsonl"))
                .hasMessageContaining("one line per line of dataset 'web_train_new'");
        EvaluationPlanner.checkAligned(planned, 5);
    }
}
