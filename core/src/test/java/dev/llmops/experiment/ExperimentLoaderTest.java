package dev.llmops.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.secret.SecretMasker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExperimentLoaderTest {

    private static final Map<String, String> SECRETS = Map.of("AOAI_API_KEY", "sk-quiz-0123456789");

    @TempDir
    Path dir;

    private final SecretMasker masker = new SecretMasker();

    private LoadedExperiment load(String env, Map<String, String> variables) {
        return new ExperimentLoader()
                .load(new ExperimentRequest(dir, env, null, true), new SystemEnv(variables, dir), masker);
    }

    @Test
    void should_load_the_base_experiment_with_defaults() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", UseCaseFiles.BASE);

        // when
        Experiment e = load(null, SECRETS).experiment();

        // then
        assertThat(e.name()).isEqualTo("quiz");
        assertThat(e.flow()).isEqualTo("flows/answer");
        assertThat(e.flowDir()).isEqualTo(dir.resolve("flows/answer"));
        assertThat(e.runtime()).isEqualTo("base_runtime");
        assertThat(e.env()).isNull();
        assertThat(e.datasets()).extracting(Dataset::name).containsExactly("train", "holdout");
        assertThat(e.dataset("holdout").orElseThrow().isRemote()).isTrue();
        Evaluator judge = e.evaluators().getFirst();
        assertThat(judge.flow()).as("an evaluator's flow defaults to its name").isEqualTo("judge");
        Dataset reused = judge.datasets().get(0);
        assertThat(reused.source()).isEqualTo("train.jsonl");
        assertThat(reused.description()).isEqualTo("training questions");
        assertThat(reused.isEvaluation()).isFalse();
        assertThat(reused.mappings())
                .containsExactly(
                        Map.entry("answer", new Mapping.RunOutput("answer", List.of(), "${run.outputs.answer}")));
        Dataset gold = judge.datasets().get(1);
        assertThat(gold.isEvaluation()).isTrue();
        assertThat(gold.reference()).isEqualTo("train");
    }

    @Test
    void should_default_the_flow_to_the_experiment_name() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", """
                name: web_classification
                datasets:
                  - name: d
                    source: d.jsonl
                    mappings:
                """);

        // when
        Experiment e = load(null, Map.of()).experiment();

        // then
        assertThat(e.flow()).isEqualTo("web_classification");
        assertThat(e.datasets().getFirst().mappings()).isEmpty();
    }

    @Test
    void should_match_evaluator_datasets_by_dataset_name() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", UseCaseFiles.BASE);
        Experiment e = load(null, SECRETS).experiment();

        // when / then
        assertThat(e.evaluatorDatasetsFor("train")).extracting(Dataset::name).containsExactly("train", "train_gold");
        assertThat(e.evaluatorDatasetsFor("holdout")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # overlay                                                                                   | datasets             | evaluators | runtime
            datasets:\\n  - name: pr\\n    source: pr.jsonl\\n    mappings: {}\\nevaluators:                    | pr                   |            | base_runtime
            runtime: dev_runtime                                                                        | train,holdout        | judge      | dev_runtime
            runtime:                                                                                    | train,holdout        | judge      |
            evaluators:\\n  - name: strict\\n    datasets:\\n      - name: holdout\\n        mappings: {} | train,holdout        | strict     | base_runtime
            datasets:\\nevaluators: []                                                                  |                      |            | base_runtime
            # an empty overlay changes nothing                                                          | train,holdout        | judge      | base_runtime
            """)
    void should_replace_clear_or_keep_each_block(String overlay, String datasets, String evaluators, String runtime) {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", UseCaseFiles.BASE);
        UseCaseFiles.write(dir, "experiment.dev.yaml", overlay.replace("\\n", "\n"));

        // when
        Experiment e = load("dev", SECRETS).experiment();

        // then
        assertThat(String.join(",", e.datasets().stream().map(Dataset::name).toList()))
                .isEqualTo(datasets == null ? "" : datasets);
        assertThat(String.join(",", e.evaluators().stream().map(Evaluator::name).toList()))
                .isEqualTo(evaluators == null ? "" : evaluators);
        assertThat(e.runtime()).isEqualTo(runtime);
        assertThat(e.name()).isEqualTo("quiz");
        assertThat(e.env()).isEqualTo("dev");
    }

    @Test
    void should_never_take_name_or_flow_from_the_overlay() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", UseCaseFiles.BASE);
        UseCaseFiles.write(dir, "experiment.pr.yaml", "name: other\nflow: flows/other\n");

        // when
        LoadedExperiment loaded = load("pr", SECRETS);

        // then
        assertThat(loaded.experiment().name()).isEqualTo("quiz");
        assertThat(loaded.experiment().flow()).isEqualTo("flows/answer");
        assertThat(loaded.warnings()).map(Problem::message).anySatisfy(m -> assertThat(m)
                .contains("'name' is ignored"));
    }

    @Test
    void should_replace_connections_and_validate_overlay_evaluators_against_overlay_datasets() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", UseCaseFiles.BASE);
        UseCaseFiles.write(dir, "experiment.dev.yaml", """
                connections:
                  - name: openai
                    connection_type: OpenAIConnection
                    api_key: ${env:OPENAI_KEY}
                datasets:
                  - name: dev_set
                    source: dev.jsonl
                    mappings: {}
                evaluators:
                  - name: judge
                    datasets:
                      - name: dev_set
                        mappings: {}
                """);

        // when: the base connection's secret is not set, but the overlay replaced that connection
        Experiment e = load("dev", Map.of("OPENAI_KEY", "sk-openai-secret")).experiment();

        // then
        assertThat(e.connections()).extracting(ConnectionConfig::name).containsExactly("openai");
        assertThat(e.connections().getFirst().property("api_key")).isEqualTo("sk-openai-secret");
        assertThat(e.evaluators().getFirst().datasets().getFirst().source()).isEqualTo("dev.jsonl");
    }

    @Test
    void should_clear_connections_with_an_empty_block_without_requiring_the_base_secrets() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", UseCaseFiles.BASE);
        UseCaseFiles.write(dir, "experiment.offline.yaml", "connections:\n");

        // when: AOAI_API_KEY is not set, but the base connection is gone
        LoadedExperiment loaded = load("offline", Map.of());

        // then
        assertThat(loaded.experiment().connections()).isEmpty();
        assertThat(loaded.experiment().datasets()).hasSize(2);
        assertThat(loaded.warnings()).map(Problem::message).noneMatch(m -> m.contains("AOAI_API_KEY"));
    }

    @Test
    void should_keep_base_connections_when_the_overlay_does_not_mention_them() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", UseCaseFiles.BASE);
        UseCaseFiles.write(dir, "experiment.dev.yaml", "runtime: dev\n");

        // when
        Experiment e = load("dev", SECRETS).experiment();

        // then
        assertThat(e.connections()).extracting(ConnectionConfig::name).containsExactly("aoai");
        assertThat(e.connection("aoai").orElseThrow().property("api_key")).isEqualTo("sk-quiz-0123456789");
    }

    @Test
    void should_point_kept_evaluators_at_the_overlay_dataset_of_the_same_name() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", UseCaseFiles.BASE);
        UseCaseFiles.write(
                dir,
                "experiment.small.yaml",
                "datasets:\n  - name: train\n    source: train_small.jsonl\n    mappings: {}\n");

        // when
        LoadedExperiment loaded = load("small", SECRETS);

        // then
        Evaluator judge = loaded.experiment().evaluators().getFirst();
        assertThat(judge.datasets().get(0).source()).isEqualTo("train_small.jsonl");
        assertThat(judge.datasets().get(0).mappings().get("answer").text()).isEqualTo("${run.outputs.answer}");
        assertThat(judge.datasets().get(1).source()).isEqualTo("gold.jsonl");
        assertThat(loaded.danglingEvaluatorDatasets()).isEmpty();
    }

    @Test
    void should_fall_back_to_ENV_NAME_when_no_env_is_given() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", UseCaseFiles.BASE);
        UseCaseFiles.write(dir, "experiment.ci.yaml", "runtime: ci_runtime\n");

        // when
        Experiment e = load(null, Map.of("AOAI_API_KEY", "sk-quiz-0123456789", "ENV_NAME", "ci"))
                .experiment();

        // then
        assertThat(e.env()).isEqualTo("ci");
        assertThat(e.runtime()).isEqualTo("ci_runtime");
    }

    @Test
    void should_read_ENV_NAME_from_a_dot_env_file_too() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", UseCaseFiles.BASE);
        UseCaseFiles.write(dir, "experiment.ci.yaml", "runtime: ci_runtime\n");
        UseCaseFiles.write(dir, ".env", "ENV_NAME=ci\n");

        // when
        Experiment e = load(null, SECRETS).experiment();

        // then
        assertThat(e.env()).isEqualTo("ci");
        assertThat(e.runtime()).isEqualTo("ci_runtime");
    }

    @Test
    void should_warn_when_the_selected_overlay_does_not_exist() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", UseCaseFiles.BASE);

        // when
        LoadedExperiment loaded = load("prod", SECRETS);

        // then
        assertThat(loaded.warnings())
                .map(Problem::format)
                .anySatisfy(w -> assertThat(w).contains("experiment.prod.yaml").contains("no overlay file"));
    }

    @Test
    void should_report_evaluators_left_dangling_by_an_overlay_only_when_running() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", UseCaseFiles.BASE);
        UseCaseFiles.write(
                dir, "experiment.pr.yaml", "datasets:\n  - name: pr\n    source: pr.jsonl\n    mappings: {}\n");

        // when
        LoadedExperiment loaded = load("pr", SECRETS);

        // then: show gets warnings, run and eval get an error
        assertThat(loaded.warnings())
                .filteredOn(p -> p.message().contains("experiment.pr.yaml removed"))
                .hasSize(2);
        assertThatThrownBy(loaded::requireRunnable)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("evaluator 'judge' dataset 'train_gold' applies to dataset 'train'")
                .hasMessageContaining("experiment.yaml:25:9:");
    }

    @Test
    void should_resolve_connection_placeholders_and_mark_them_secret() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", """
                name: quiz
                connections:
                  - name: aoai
                    connection_type: azureopenaiconnection
                    api_base: https://${AOAI_HOST}/
                    api_key: ${api_key}
                    api_version: 2024-02-01
                    rpm: 60
                    streaming: true
                    price_per_1k: 0.5
                    secrets:
                      token: literal-token-value
                datasets:
                  - name: d
                    source: d.jsonl
                    mappings: {}
                """);

        // when
        ConnectionConfig aoai = load(null, Map.of("AOAI_API_KEY", "sk-quiz-0123456789", "AOAI_HOST", "quiz.host"))
                .experiment()
                .connections()
                .getFirst();

        // then
        assertThat(aoai.type()).isEqualTo("azureopenaiconnection");
        assertThat(aoai.properties())
                .containsEntry("api_base", "https://quiz.host/")
                .containsEntry("api_key", "sk-quiz-0123456789")
                .containsEntry("api_version", "2024-02-01")
                .containsEntry("rpm", "60")
                .containsEntry("streaming", "True")
                .containsEntry("price_per_1k", "0.5")
                .containsEntry("token", "literal-token-value");
        assertThat(aoai.secretProperties()).containsExactlyInAnyOrder("api_base", "api_key", "token");
        assertThat(masker.mask("key sk-quiz-0123456789 at quiz.host, literal-token-value"))
                .isEqualTo("key *** at ***, ***");
    }

    @Test
    void should_keep_unresolved_placeholders_as_warnings_when_secrets_are_not_required() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", UseCaseFiles.BASE);

        // when
        LoadedExperiment loaded = new ExperimentLoader()
                .load(new ExperimentRequest(dir, null, null, false), new SystemEnv(Map.of(), dir), masker);

        // then
        ConnectionConfig aoai = loaded.experiment().connections().getFirst();
        assertThat(aoai.property("api_key")).isEqualTo("${api_key}");
        assertThat(aoai.secretProperties()).doesNotContain("api_key");
        assertThat(loaded.warnings())
                .map(Problem::format)
                .anySatisfy(w -> assertThat(w).contains("experiment.yaml:8:14").contains("AOAI_API_KEY"));
    }

    @Test
    void should_report_every_error_at_once() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", """
                flow: x
                connections:
                  - name: aoai
                    connection_type: AzureOpenAIConnection
                    api_key: ${api_key}
                datasets:
                  - name: a
                    mappings: {}
                  - source: b.jsonl
                    mappings: {}
                """);

        // when / then
        assertThatThrownBy(() -> load(null, Map.of())).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(
                        e.problems())
                .filteredOn(Problem::isError)
                .map(Problem::message)
                .containsExactly(
                        "experiment is missing 'name'",
                        "dataset 'a' is missing 'source'",
                        "dataset is missing 'name'",
                        "connection 'aoai': 'api_key' needs environment variable AOAI_API_KEY, which is not" + " set"));
    }

    @Test
    void should_warn_about_unknown_keys_with_a_suggestion() {
        // given
        UseCaseFiles.write(dir, "experiment.yaml", UseCaseFiles.BASE + "evaluator: []\nruntme: x\n");

        // when
        LoadedExperiment loaded = load(null, SECRETS);

        // then
        assertThat(loaded.warnings())
                .map(Problem::format)
                .contains(
                        Path.of("experiment.yaml") + ":31:1: warning: experiment: unknown key 'evaluator' is ignored"
                                + " (did you mean 'evaluators'?)",
                        Path.of("experiment.yaml") + ":32:1: warning: experiment: unknown key 'runtme' is ignored"
                                + " (did you mean 'runtime'?)");
    }

    @Test
    void should_fail_clearly_when_the_experiment_file_is_missing() {
        // given
        UseCaseFiles.write(dir, "experiment-postprod.yaml", UseCaseFiles.BASE);

        // when / then
        assertThatThrownBy(() -> new ExperimentLoader()
                        .load(
                                new ExperimentRequest(dir, null, "experiment-postprd.yaml", true),
                                new SystemEnv(SECRETS, dir),
                                masker))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("experiment file not found")
                .hasMessageContaining("did you mean --file experiment-postprod.yaml?");
    }
}
