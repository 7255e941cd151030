package dev.llmops.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.SystemEnv;
import dev.llmops.secret.SecretMasker;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentViewTest {

    @TempDir
    Path dir;

    @Test
    void should_render_the_documented_json_shape_with_secrets_masked() throws Exception {
        // given: no files besides the experiment; show does not need them
        UseCaseFiles.write(dir, "experiment.yaml", UseCaseFiles.BASE);
        Experiment e = new ExperimentLoader()
                .load(
                        new ExperimentRequest(dir, null, null, false),
                        new SystemEnv(Map.of("AOAI_API_KEY", "sk-quiz-0123456789"), dir),
                        new SecretMasker())
                .experiment();

        // when
        String json = new ExperimentView().render(e, ExperimentView.Format.JSON);

        // then
        assertThat(json).doesNotContain("sk-quiz-0123456789");
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.fieldNames())
                .toIterable()
                .containsExactly("name", "flow", "runtime", "connections", "datasets", "evaluators");
        assertThat(root.at("/connections/0/name").asText()).isEqualTo("aoai");
        assertThat(root.at("/connections/0/connection_type").asText()).isEqualTo("AzureOpenAIConnection");
        assertThat(root.at("/connections/0/api_key").asText()).isEqualTo("***");
        assertThat(root.at("/connections/0/api_base").asText()).isEqualTo("https://quiz.example.invalid/");
        JsonNode holdout = root.at("/datasets/1");
        assertThat(holdout.fieldNames())
                .toIterable()
                .containsExactly("name", "source", "description", "reference", "mappings");
        assertThat(holdout.get("description").isNull()).isTrue();
        assertThat(holdout.get("reference").isNull()).isTrue();
        assertThat(root.at("/evaluators/0/flow").asText()).isEqualTo("judge");
        JsonNode reused = root.at("/evaluators/0/datasets/0");
        assertThat(reused.get("source").asText()).isEqualTo("train.jsonl");
        assertThat(reused.get("description").asText()).isEqualTo("training questions");
        assertThat(root.at("/evaluators/0/datasets/1/reference").asText()).isEqualTo("train");
    }

    @Test
    void should_render_empty_mappings_as_an_empty_object_and_missing_runtime_as_null() throws Exception {
        // given
        UseCaseFiles.write(
                dir, "experiment.yaml", "name: quiz\ndatasets:\n  - name: d\n    source: d.csv\n    mappings:\n");
        Experiment e = new ExperimentLoader()
                .load(ExperimentRequest.of(dir, null), new SystemEnv(Map.of(), dir), new SecretMasker())
                .experiment();

        // when
        JsonNode root = new ObjectMapper().readTree(new ExperimentView().render(e, ExperimentView.Format.JSON));
        String yaml = new ExperimentView().render(e, ExperimentView.Format.YAML);

        // then
        assertThat(root.get("runtime").isNull()).isTrue();
        assertThat(root.at("/datasets/0/mappings").isObject()).isTrue();
        assertThat(root.at("/datasets/0/mappings").size()).isZero();
        assertThat(root.get("evaluators").isArray()).isTrue();
        assertThat(yaml).startsWith("name: quiz\nflow: quiz\nruntime: null\n").contains("mappings: {}");
    }
}
