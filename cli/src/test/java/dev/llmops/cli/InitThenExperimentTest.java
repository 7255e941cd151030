package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What 'llmops init' scaffolds runs at once: validate, then the whole experiment offline, as its README says. */
class InitThenExperimentTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "ner            | exact_match_rate (match) | default (default)  0.625     [0.25, 1.00]",
                "classification | accuracy (accuracy)      | classify.variant_1            0.875     [",
                "chat           | f1_score (f1)            | default (default)  0.5996    [0.4482, 0.7333]",
                "flex-function  | average_correctness (code_quality) | default (default)  4.3333",
                "flex-class     | average_correctness (checklist)    | default (default)  3.00"
            })
    void should_run_the_scaffold_offline_with_the_numbers_its_readme_gives(
            String template, String metric, String line) {
        // given
        assertThat(CliRun.in(dir).run("init", "uc", "-t", template)).succeeded();

        // when
        CliResult validate = CliRun.in(dir).run("validate", "-u", "uc", "-e", "offline");
        CliResult experiment = CliRun.in(dir).run("experiment", "-u", "uc", "-e", "offline");

        // then
        assertThat(validate).succeeded().outContains("OK: uc");
        assertThat(experiment).succeeded().outContains(metric).outContains(line).outContains("uc_result.html");
    }
}
