package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.SystemEnv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs {@code llmops validate} and {@code llmops show} end to end in a folder and environment of their own. */
class ValidateAndShowCommandTest {

    private static final String SECRET = "sk-live-abcdef0123456789";

    @TempDir
    Path work;

    private final Map<String, String> variables = new HashMap<>();

    private record Result(int exitCode, String out, String err) {}

    private Result llmops(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new SystemEnv(variables, work),
                args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void write(String relative, String content) throws IOException {
        Path file = work.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @BeforeEach
    void useCase() throws IOException {
        write("quiz/experiment.yaml", """
                name: quiz
                flow: flows/answer
                connections:
                  - name: aoai
                    connection_type: AzureOpenAIConnection
                    api_base: https://quiz.example.invalid/
                    api_key: ${api_key}
                datasets:
                  - name: train
                    source: train.jsonl
                    mappings:
                      question: ${data.question}
                evaluators:
                  - name: judge
                    flow: flows/judge
                    datasets:
                      - name: train_gold
                        source: gold.csv
                        reference: train
                        mappings:
                          expected: ${data.expected}
                          answer: ${run.outputs.answer}
                """);
        write(
                "quiz/experiment.pr.yaml",
                "datasets:\n  - name: pr\n    source: train.jsonl\n    mappings: {}\nevaluators:\n");
        write("quiz/data/train.jsonl", "{\"question\": \"2+2?\"}\n{\"question\": \"Capital of Peru?\"}");
        write("quiz/data/gold.csv", "expected\n4\nLima\n");
        write("quiz/flows/answer/flow.dag.yaml", """
                inputs: {question: {type: string}}
                outputs: {answer: {type: string, reference: "${answer.output}"}}
                nodes:
                - {name: answer, type: prompt, source: {type: code, path: answer.jinja2}, inputs: {q: "${inputs.question}"}}
                """);
        write("quiz/flows/answer/answer.jinja2", "{{ q }}");
        write("quiz/flows/judge/flow.dag.yaml", """
                inputs: {expected: {type: string}, answer: {type: string}}
                outputs: {verdict: {type: string, reference: "${judge.output}"}}
                nodes:
                - {name: judge, type: prompt, source: {type: code, path: judge.jinja2}, inputs: {e: "${inputs.expected}", a: "${inputs.answer}"}}
                """);
        write("quiz/flows/judge/judge.jinja2", "{{ e == a }}");
    }

    @Test
    void should_validate_a_complete_use_case_with_the_secret_from_a_dot_env_file() throws IOException {
        // given
        write(".env", "# local secrets\nAOAI_API_KEY=" + SECRET + "\n");

        // when
        Result r = llmops("validate", "-u", "quiz");

        // then
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("OK: quiz (1 dataset, 1 evaluator, env none)" + System.lineSeparator());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void should_validate_the_overlay_named_by_the_template_options() {
        // given
        variables.put("AOAI_API_KEY", SECRET);

        // when
        Result r = llmops("validate", "--base_path", "quiz", "--env_name", "pr");

        // then
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("OK: quiz (1 dataset, 0 evaluators, env pr)");
    }

    @Test
    void should_exit_2_and_list_every_problem_with_its_location() throws IOException {
        // given: a missing secret, a misspelt column and a missing evaluation flow
        write("quiz/data/gold.csv", "expectd\n4\nLima\n");
        Files.delete(work.resolve("quiz/flows/judge/flow.dag.yaml"));

        // when
        Result r = llmops("validate", "-u", "quiz");

        // then
        String file = Path.of("quiz", "experiment.yaml").toString();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines())
                .containsExactly(
                        file + ":7:14: error: connection 'aoai': 'api_key' needs environment variable AOAI_API_KEY,"
                                + " which is not set (set AOAI_API_KEY in the environment or in a .env file;"
                                + " .env.example lists the variables)",
                        file + ":15:11: error: flow of evaluator 'judge': folder flows/judge holds no flow (add"
                                + " flow.dag.yaml or flow.flex.yaml, a .prompty file, or eval_*.py files for a"
                                + " pure-python evaluator)",
                        file + ":21:21: error: dataset 'train_gold': mapping 'expected' reads column 'expected',"
                                + " which data/gold.csv does not have (did you mean 'expectd'?)",
                        "3 errors.");
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void should_exit_2_when_the_use_case_folder_does_not_exist() {
        // when
        Result r = llmops("validate", "-u", "nowhere");

        // then
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("nowhere: error: use-case folder not found");
    }

    @Test
    void should_show_the_resolved_experiment_as_json_with_secrets_masked() throws Exception {
        // given
        variables.put("AOAI_API_KEY", SECRET);

        // when
        Result r = llmops("show", "-u", "quiz", "--format", "json");

        // then
        assertThat(r.exitCode()).isZero();
        assertThat(r.out() + r.err()).doesNotContain(SECRET);
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.at("/connections/0/api_key").asText()).isEqualTo("***");
        assertThat(root.at("/datasets/0/source").asText()).isEqualTo("train.jsonl");
        assertThat(root.at("/evaluators/0/datasets/0/reference").asText()).isEqualTo("train");
    }

    @Test
    void should_show_without_secrets_or_files_and_warn_about_what_it_can_see() throws IOException {
        // given: no secret, no data, and an overlay that leaves the evaluator dangling
        Files.delete(work.resolve("quiz/data/train.jsonl"));
        write("quiz/experiment.nightly.yaml", "datasets:\n  - name: nightly\n    source: n.jsonl\n    mappings: {}\n");

        // when
        Result r = llmops("show", "-u", "quiz", "-e", "nightly");

        // then
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("api_key: \"${api_key}\"").contains("- name: nightly");
        assertThat(r.err().lines())
                .anySatisfy(l -> assertThat(l).contains("warning: connection 'aoai': 'api_key' needs environment"))
                .anySatisfy(l -> assertThat(l)
                        .contains("warning: evaluator 'judge' dataset 'train_gold' applies to dataset 'train', which"
                                + " experiment.nightly.yaml removed"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                      | experiment.yaml:1:1: error: the experiment file is empty
            name: [quiz]                            | experiment.yaml:1:7: error: experiment: 'name' must be text
            'name: quiz\\ndatasets: train.jsonl'    | experiment.yaml:2:11: error: 'datasets' must be a list, found text
            'name: quiz\\n  bad: indent'            | experiment.yaml:2:6: error: invalid YAML
            'name: quiz\\ndatasets:\\n  - name: t' | experiment.yaml:3:5: error: dataset 't' is missing 'source'
            """)
    void should_print_one_line_per_problem_and_never_a_stack_trace(String yaml, String expected) throws IOException {
        // given
        write("broken/experiment.yaml", yaml.replace("\\n", "\n"));

        // when
        Result show = llmops("show", "-u", "broken");
        Result validate = llmops("validate", "-u", "broken");

        // then
        for (Result r : java.util.List.of(show, validate)) {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines().findFirst().orElseThrow())
                    .startsWith(Path.of("broken") + java.io.File.separator + expected);
            assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void should_mask_every_secret_named_field_even_when_written_literally() throws Exception {
        // given: secrets written as values, not placeholders, beside fields that only look alike
        String experiment = Files.readString(work.resolve("quiz/experiment.yaml"))
                .replace("api_key: ${api_key}", "api_key: " + SECRET)
                .replaceFirst("datasets:\n", """
                          - name: store
                            connection_type: CustomConnection
                            configs:
                              endpoint: https://store.example.invalid/
                              key_vault_name: quiz-vault
                              max_tokens: 128
                              AccountKey: acct-key-0123456789
                              connection_string: Server=db;Password=pw-0123456789
                              password: hunter2-0123456789
                              client_secret: client-secret-0123456789
                              access_token: token-0123456789
                        datasets:
                        """);
        write("quiz/experiment.yaml", experiment);

        // when
        Result r = llmops("show", "-u", "quiz", "--format", "json");

        // then
        assertThat(r.exitCode()).isZero();
        assertThat(r.out() + r.err())
                .doesNotContain(SECRET)
                .doesNotContain("acct-key-0123456789")
                .doesNotContain("pw-0123456789")
                .doesNotContain("hunter2-0123456789")
                .doesNotContain("client-secret-0123456789")
                .doesNotContain("token-0123456789");
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.at("/connections/0/api_key").asText()).isEqualTo("***");
        JsonNode store = root.at("/connections/1");
        for (String field :
                java.util.List.of("AccountKey", "connection_string", "password", "client_secret", "access_token")) {
            assertThat(store.path(field).asText()).as(field).isEqualTo("***");
        }
        assertThat(store.path("endpoint").asText()).isEqualTo("https://store.example.invalid/");
        assertThat(store.path("key_vault_name").asText()).isEqualTo("quiz-vault");
        assertThat(store.path("max_tokens").asText()).isEqualTo("128");
    }

    @Test
    void should_warn_in_validate_that_a_literal_secret_sits_in_a_committed_file() throws IOException {
        // given
        write(
                "quiz/experiment.yaml",
                Files.readString(work.resolve("quiz/experiment.yaml"))
                        .replace("api_key: ${api_key}", "api_key: " + SECRET));

        // when
        Result r = llmops("validate", "-u", "quiz");

        // then: valid, with a warning that names the place and the fix, and never the secret
        String file = Path.of("quiz", "experiment.yaml").toString();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out() + r.err()).doesNotContain(SECRET);
        assertThat(r.out() + r.err())
                .contains(file + ":7:14: warning: connection 'aoai': 'api_key' holds a secret written literally in"
                        + " experiment.yaml, a file that is usually committed")
                .contains("write api_key: ${api_key} and set AOAI_API_KEY in the environment or in a .env file");
    }

    @Test
    void should_reject_an_unknown_format() {
        // when
        Result r = llmops("show", "-u", "quiz", "--format", "xml");

        // then
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--format");
    }
}
