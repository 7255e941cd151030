package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

    @TempDir
    Path dir;

    @Test
    void should_scaffold_a_use_case_and_print_the_files_and_next_steps() throws IOException {
        // when
        CliResult result = CliRun.in(dir).run("init", "use-cases/Support Bot", "--template", "classification");

        // then
        assertThat(result)
                .succeeded()
                .outContains("Created use case 'support_bot' from template classification in use-cases/Support Bot"
                        + " (19 files):")
                .outContains("  tests/python/tool_harness.py\n")
                .outContains("  experiment.offline.yaml\n")
                .outContains("  recordings/support_bot.jsonl\n")
                .outContains("./llmops validate -u 'use-cases/Support Bot' -e offline")
                .outContains("./llmops experiment -u 'use-cases/Support Bot' -e offline");
        assertThat(dir.resolve("use-cases/Support Bot/flows/standard/classify__variant_1.jinja2"))
                .isRegularFile();
        assertThat(Files.readString(dir.resolve("use-cases/Support Bot/experiment.yaml")))
                .contains("name: support_bot");
    }

    @Test
    void should_use_the_ner_template_and_an_explicit_name_by_default() {
        // when
        CliResult result = CliRun.in(dir).run("init", "uc", "--name", "entities");

        // then
        assertThat(result).succeeded().outContains("Created use case 'entities' from template ner in uc");
        assertThat(dir.resolve("uc/recordings/entities.jsonl")).isRegularFile();
    }

    @Test
    void should_exit_2_listing_the_valid_templates_for_an_unknown_one() {
        // when
        CliResult result = CliRun.in(dir).run("init", "uc", "-t", "rag");

        // then
        assertThat(result)
                .exitedWith(ExitCodes.USAGE)
                .errContains("unknown template 'rag'")
                .errContains("ner, classification, chat, flex-function, flex-class");
        assertThat(dir.resolve("uc")).doesNotExist();
    }

    @Test
    void should_exit_2_and_name_the_conflicting_files_when_run_twice() throws IOException {
        // given
        assertThat(CliRun.in(dir).run("init", "uc", "-t", "chat")).succeeded();
        Files.writeString(dir.resolve("uc/data/data.jsonl"), "{\"edited\": true}\n");

        // when
        CliResult result = CliRun.in(dir).run("init", "uc", "-t", "chat");

        // then
        assertThat(result)
                .exitedWith(ExitCodes.USAGE)
                .errContains(Path.of("uc/data/data.jsonl") + ": error: already exists")
                .errContains("nothing was written: 17 of 17 files");
        assertThat(result.err().lines().filter(l -> l.contains("error: ")))
                .as("one error per conflicting file, the summary is not counted as one")
                .hasSize(17);
        assertThat(result.err()).doesNotContain("18 errors").contains("llmops: nothing was written");
        assertThat(Files.readString(dir.resolve("uc/data/data.jsonl"))).isEqualTo("{\"edited\": true}\n");
    }

    @Test
    void should_exit_2_when_the_folder_is_missing() {
        CliResult result = CliRun.in(dir).run("init");

        assertThat(result).exitedWith(ExitCodes.USAGE).errContains("Missing required parameter: 'DIR'");
    }
}
