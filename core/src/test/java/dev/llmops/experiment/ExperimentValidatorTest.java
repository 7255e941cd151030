package dev.llmops.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.SystemEnv;
import dev.llmops.data.DataReader;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.secret.SecretMasker;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentValidatorTest {

    private static final Map<String, String> SECRETS =
            Map.of("AOAI_API_KEY", "sk-router-0123456789", "ROUTER_SECRET", "hush-hush-1234");

    @TempDir
    Path work;

    private Path useCase;
    private final SecretMasker masker = new SecretMasker();
    private final ExperimentValidator validator = new ExperimentValidator(new ExperimentLoader(), new DataReader());

    @BeforeEach
    void copyUseCase() throws IOException, URISyntaxException {
        Path source = Path.of(getClass().getResource("/experiment/usecase").toURI());
        useCase = work.resolve("usecase");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path target = useCase.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private ValidationResult validate(String env, Map<String, String> variables) {
        return validator.validate(
                new ExperimentRequest(Path.of("usecase"), env, null, true), new SystemEnv(variables, work), masker);
    }

    @Test
    void should_accept_a_complete_use_case_and_resolve_env_yaml() {
        // when
        ValidationResult result = validate(null, SECRETS);

        // then
        Experiment e = result.experiment();
        assertThat(result.warnings()).isEmpty();
        assertThat(e.datasets()).hasSize(2);
        assertThat(e.environmentVariables())
                .containsExactly(
                        Map.entry("ROUTER_MODE", "strict"),
                        Map.entry("VERBOSE", "false"),
                        Map.entry("MAX_TOKENS", "512"),
                        Map.entry("ROUTER_SECRET", "hush-hush-1234"));
        assertThat(masker.mask("hush-hush-1234 sk-router-0123456789")).isEqualTo("*** ***");
    }

    @Test
    void should_let_an_existing_variable_override_env_yaml() {
        // given
        Map<String, String> variables = new java.util.HashMap<>(SECRETS);
        variables.put("ROUTER_MODE", "lenient");

        // when
        Experiment e = validate(null, variables).experiment();

        // then
        assertThat(e.environmentVariables()).containsEntry("ROUTER_MODE", "lenient");
    }

    @Test
    void should_report_file_data_flow_and_secret_problems_together() throws IOException {
        // given
        Files.delete(useCase.resolve("flows/evaluation/flow.dag.yaml"));
        Files.writeString(useCase.resolve("data/tickets_gold.jsonl"), "{\"teem\": \"identity\"}\n");
        Files.delete(useCase.resolve("data/tickets_extra.csv"));

        // when / then
        assertThatThrownBy(() -> validate(null, Map.of("ROUTER_SECRET", "hush-hush-1234")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .filteredOn(Problem::isError)
                        .map(Problem::format)
                        .map(s -> s.replace('\\', '/'))
                        .containsExactlyInAnyOrder(
                                "usecase/experiment.yaml:10:14: error: connection 'aoai': 'api_key' needs environment"
                                        + " variable AOAI_API_KEY, which is not set (set AOAI_API_KEY in the"
                                        + " environment or in a .env file; .env.example lists the variables)",
                                "usecase/experiment.yaml:29:11: error: flow of evaluator 'routing_accuracy': folder"
                                        + " flows/evaluation holds no flow (add flow.dag.yaml or flow.flex.yaml, a"
                                        + " .prompty file, or eval_*.py files for a pure-python evaluator)",
                                "usecase/experiment.yaml:21:5: error: dataset 'tickets_extra': data file"
                                        + " 'data/tickets_extra.csv' not found (looked for data/tickets_extra.csv and"
                                        + " data/data/tickets_extra.csv) (fix 'source'; it is relative to the"
                                        + " use-case folder, with data/ tried second)",
                                "usecase/experiment.yaml:36:21: error: dataset 'tickets_train_gold': mapping"
                                        + " 'expected' reads column 'team', which data/tickets_gold.jsonl does not"
                                        + " have (did you mean 'teem'?)"));
    }

    @Test
    void should_warn_about_a_column_missing_in_some_rows() throws IOException {
        // given
        Files.writeString(
                useCase.resolve("data/tickets.jsonl"), "{\"subject\": \"a\", \"body\": \"b\"}\n{\"subject\": \"c\"}\n");

        // when
        ValidationResult result = validate(null, SECRETS);

        // then
        assertThat(result.warnings())
                .map(Problem::format)
                .map(s -> s.replace('\\', '/'))
                .containsExactly("usecase/experiment.yaml:20:13: warning: dataset 'tickets_train': column 'body' is"
                        + " missing in 1 of 2 rows of data/tickets.jsonl (those lines will fail; add the column to"
                        + " every row)");
    }

    @Test
    void should_report_evaluators_an_overlay_left_dangling_as_errors() {
        // when / then
        assertThatThrownBy(() -> validate("nightly", SECRETS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("evaluator 'routing_accuracy' dataset 'tickets_train_gold' applies to dataset"
                        + " 'tickets_train', which experiment.nightly.yaml removed");
    }

    @Test
    void should_accept_an_overlay_that_switches_evaluation_off() {
        // when
        ValidationResult result = validate("pr", SECRETS);

        // then
        assertThat(result.experiment().evaluators()).isEmpty();
        assertThat(result.experiment().datasets()).extracting(Dataset::name).containsExactly("tickets_pr");
    }
}
