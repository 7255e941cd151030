package dev.llmops.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every broken experiment or data file under {@code experiment/broken} must give a clear error at the right
 * place, as a {@link ConfigException} (which the CLI prints as one line per problem, without a stack trace).
 */
class BrokenExperimentCorpusTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void copyCorpus() throws IOException, URISyntaxException {
        // A copy outside the repository keeps the lookup of a repository-root .env hermetic.
        Path source = Path.of(BrokenExperimentCorpusTest.class
                .getResource("/experiment/broken")
                .toURI());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path target = root.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            builtin_input_unmapped         |         | experiment.yaml:12:9           | builtin:f1_score needs input 'ground_truth', which is not mapped
            builtin_input_unmapped         |         | experiment.yaml:15:24          | mapping 'groundtruth' is not an input of builtin:f1_score (did you mean 'ground_truth'?
            builtin_unknown                |         | experiment.yaml:10:11          | unknown built-in evaluator 'builtin:f1_scor' (did you mean 'builtin:f1_score'?
            connection_missing_secret      |         | experiment.yaml:6:14           | needs environment variable AOAI_API_KEY, which is not set
            connection_missing_type        |         | experiment.yaml:4:5            | connection 'aoai' is missing 'connection_type'
            data_column_missing            |         | experiment.yaml:7:17           | reads column 'questoin', which ../_shared/qa.jsonl does not have (did you mean 'question'?)
            data_csv_ragged                |         | qa.csv:3                       | row has 3 fields but the header has 2
            data_file_missing              |         | experiment.yaml:4:5            | data file 'nothere.jsonl' not found (looked for nothere.jsonl and data/nothere.jsonl)
            data_json_not_array            |         | qa.json:1:1                    | expected a JSON array of objects
            data_jsonl_not_object          |         | data/qa.jsonl:2:1              | expected a JSON object, found an array
            data_malformed_jsonl           |         | data/qa.jsonl:3:18             | malformed JSON line
            data_not_utf8                  |         | qa.jsonl                       | the file is not valid UTF-8
            data_unsupported_type          |         | qa.xlsx                        | unsupported data file type
            dataset_missing_mappings       |         | experiment.yaml:4:5            | dataset 'qa' is missing 'mappings'
            dataset_missing_source         |         | experiment.yaml:4:5            | dataset 'qa' is missing 'source'
            dataset_misspelt_mappings      |         | experiment.yaml:4:5            | 'mapings' looks misspelt; rename it to 'mappings'
            dataset_not_mapping            |         | experiment.yaml:4:5            | a dataset must be a mapping, found text
            dataset_with_reference         |         | experiment.yaml:8:5            | a standard dataset cannot have 'reference'
            datasets_not_list              |         | experiment.yaml:3:11           | 'datasets' must be a list, found text
            dotenv_malformed               |         | .env:3:1                       | malformed .env line
            duplicate_connection           |         | experiment.yaml:6:5            | connection name 'aoai' is used twice (first at line 4)
            duplicate_dataset              |         | experiment.yaml:8:5            | dataset name 'qa' is used twice (first at line 4)
            duplicate_evaluator            |         | experiment.yaml:14:5           | evaluator name 'judge' is used twice (first at line 9)
            duplicate_yaml_key             |         | experiment.yaml:8:1            | duplicate key 'name' (first at line 1)
            empty_file                     |         | experiment.yaml:1:1            | the experiment file is empty
            env_yaml_empty_value           |         | environment/env.yaml:2:11      | env.yaml: EMPTY_ONE has no value
            env_yaml_missing_reference     |         | environment/env.yaml:1:13      | SEARCH_KEY needs environment variable SEARCH_API_KEY
            eval_run_input_unknown         |         | experiment.yaml:14:21          | reads run.inputs.query, but the flow ../_shared/flow has no input 'query' (inputs: question)
            eval_run_output_unknown        |         | experiment.yaml:14:21          | reads run.outputs.anser, but the flow ../_shared/flow has no output 'anser' (did you mean 'answer'?
            eval_dataset_missing_reference |         | experiment.yaml:12:9           | dataset 'qa_gold' is missing 'reference'
            eval_dataset_not_standard      |         | experiment.yaml:12:9           | dataset 'qa_train' is not a standard dataset of this experiment
            eval_dataset_reuse_with_source |         | experiment.yaml:13:9           | reuses the standard dataset 'qa', so it cannot set 'source'
            eval_dataset_unknown_reference |         | experiment.yaml:14:9           | references dataset 'qaa', which is not a standard dataset of this experiment (did you mean 'qa'?)
            evaluator_missing_datasets     |         | experiment.yaml:9:5            | evaluator 'judge' is missing 'datasets'
            evaluator_missing_name         |         | experiment.yaml:9:5            | evaluator is missing 'name'
            experiment_is_list             |         | experiment.yaml:1:1            | an experiment must be a mapping
            flow_folder_without_flow       |         | experiment.yaml:2:7            | folder flows/empty holds no flow
            flow_input_unmapped            |         | experiment.yaml:4:5            | input 'question' of the flow ../_shared/flow has no default, no mapping and no column 'question' in ../_shared/qa_gold.jsonl
            flow_mapping_unknown_input     |         | experiment.yaml:7:17           | mapping 'questoin' is not an input of the flow ../_shared/flow (did you mean 'question'? inputs: question)
            flow_missing                   |         | experiment.yaml:2:7            | folder flows/missing not found
            java_tool_broken               |         | flow/Shout.java:6:34           | ';' expected
            llm_connection_undefined       |         | flow/flow.dag.yaml:9:3         | node 'answer' of the flow flow uses connection 'aoai', which the experiment does not define (defined: openai)
            mapping_unknown_expression     |         | experiment.yaml:7:17           | unknown expression ${date.question} (did you mean ${data.question}?)
            mapping_value_list             |         | experiment.yaml:7:17           | mapping 'question' must be text, found a list
            missing_name                   |         | experiment.yaml:1:1            | experiment is missing 'name'
            name_is_list                   |         | experiment.yaml:1:7            | 'name' must be text, found a list
            no_datasets                    |         | experiment.yaml:3:1            | the experiment has no datasets
            overlay_dangling               | nightly | experiment.yaml:12:9           | applies to dataset 'qa', which experiment.nightly.yaml removed
            overlay_not_mapping            | nightly | experiment.nightly.yaml:1:1    | an overlay must be a mapping
            overlay_syntax                 | nightly | experiment.nightly.yaml:2:3    | invalid YAML
            python_tool_broken             |         | flow/shout.py:5:28             | node 'shout': importing shout.py failed: SyntaxError
            remote_without_version         |         | experiment.yaml:5:5            | remote source 'azureml:qa_asset' must be azureml:<asset name>:<version>
            standard_mapping_reads_run     |         | experiment.yaml:7:17           | only evaluation runs have a run to read from
            yaml_syntax                    |         | experiment.yaml:5:4            | invalid YAML
            """)
    void should_report_a_clear_error_at_the_right_place(String useCase, String env, String where, String message) {
        // given
        ExperimentValidator validator = new ExperimentValidator(new ExperimentLoader(), new DataReader());
        ExperimentRequest request = new ExperimentRequest(Path.of(useCase), env, null, true);

        // when
        // python tools are checked by a real python3, found on the PATH
        SystemEnv system = new SystemEnv(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), root);
        Throwable thrown = catchThrowable(() -> validator.validate(request, system, new SecretMasker()));

        // then
        assertThat(thrown).isExactlyInstanceOf(ConfigException.class);
        String expectedPrefix = Path.of(useCase, where) + ": error: ";
        assertThat(((ConfigException) thrown).problems())
                .filteredOn(Problem::isError)
                .map(Problem::format)
                .anySatisfy(line -> assertThat(line).startsWith(expectedPrefix).contains(message));
    }
}
