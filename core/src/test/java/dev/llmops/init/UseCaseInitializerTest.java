package dev.llmops.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class UseCaseInitializerTest {

    /** Every template has at least these files: the layout the engine and the README promise. */
    private static final List<String> COMMON_FILES = List.of(
            "README.md",
            "experiment.yaml",
            "experiment.dev.yaml",
            "experiment.pr.yaml",
            "experiment.offline.yaml",
            "data/data.jsonl",
            "data/data_pr.jsonl",
            "recordings/my_uc.jsonl",
            "configs/deployment_config.json",
            "sample-request.json");

    /** What the DAG templates add to the common layout; the flex ones have flow.flex.yaml flows instead. */
    private static final List<String> DAG_FILES = List.of(
            "flows/standard/flow.dag.yaml",
            "flows/evaluation/flow.dag.yaml",
            "tests/python/test_tools.py",
            "tests/python/tool_harness.py");

    @TempDir
    Path root;

    private final UseCaseInitializer initializer = new UseCaseInitializer();

    @ParameterizedTest
    @EnumSource(InitTemplate.class)
    void should_write_the_common_layout_and_report_every_file_written(InitTemplate template) throws IOException {
        // given
        Path dir = root.resolve("my-uc");

        // when
        InitResult result = initializer.initialize(new InitRequest(dir, template, Optional.empty()));

        // then
        List<String> reported = result.files().stream()
                .map(p -> p.toString().replace('\\', '/'))
                .toList();
        assertThat(reported).containsAll(COMMON_FILES).doesNotHaveDuplicates();
        if (template.flex()) {
            assertThat(reported.stream().filter(f -> f.endsWith("/flow.flex.yaml")))
                    .hasSize(2);
            assertThat(reported).contains("tests/python/flex_harness.py");
        } else {
            assertThat(reported).containsAll(DAG_FILES);
        }
        assertThat(filesUnder(dir)).containsExactlyInAnyOrderElementsOf(reported);
        assertThat(result.name()).isEqualTo("my_uc");
        assertThat(result.directory()).isEqualTo(dir);
    }

    @Test
    void should_write_the_ner_template_files() throws IOException {
        // when
        initializer.initialize(new InitRequest(root.resolve("ents"), InitTemplate.NER, Optional.empty()));

        // then
        assertThat(filesUnder(root.resolve("ents")))
                .contains(
                        "flows/standard/ner.jinja2",
                        "flows/standard/cleansing.py",
                        "flows/evaluation/match.py",
                        "flows/evaluation/match_rates.py",
                        "recordings/ents.jsonl");
    }

    @ParameterizedTest
    @EnumSource(InitTemplate.class)
    void should_put_the_name_into_paths_and_contents_and_leave_no_placeholder(InitTemplate template)
            throws IOException {
        // given
        Path dir = root.resolve("folder");

        // when
        initializer.initialize(new InitRequest(dir, template, Optional.of("support_bot")));

        // then
        assertThat(Files.readString(dir.resolve("experiment.yaml"))).contains("name: support_bot\n");
        assertThat(Files.readString(dir.resolve("experiment.offline.yaml")))
                .contains("recordings: recordings/support_bot.jsonl");
        assertThat(dir.resolve("recordings/support_bot.jsonl")).isRegularFile();
        for (String file : filesUnder(dir)) {
            assertThat(Files.readString(dir.resolve(file)))
                    .as(file)
                    .doesNotContain(TemplateSource.NAME_PLACEHOLDER)
                    .doesNotContain("{{name}}");
        }
    }

    @Test
    void should_leave_the_jinja_variables_of_prompts_alone() throws IOException {
        // when
        initializer.initialize(new InitRequest(root.resolve("uc"), InitTemplate.NER, Optional.empty()));

        // then
        assertThat(Files.readString(root.resolve("uc/flows/standard/ner.jinja2")))
                .contains("Extract all {{entity_type}} entities from: {{text}}");
    }

    @Test
    void should_refuse_to_overwrite_and_write_nothing_when_any_file_exists() throws IOException {
        // given a folder holding two files the template would write, and one it would not
        Path dir = root.resolve("taken");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("README.md"), "mine");
        Files.writeString(dir.resolve("data/data.jsonl"), "{\"mine\": true}\n");
        Files.writeString(dir.resolve("notes.txt"), "keep");

        // when / then
        assertThatThrownBy(() -> initializer.initialize(new InitRequest(dir, InitTemplate.NER, Optional.empty())))
                .isInstanceOf(ConfigException.class)
                .asInstanceOf(type(ConfigException.class))
                .satisfies(e -> assertThat(e.problems())
                        .extracting(Problem::file)
                        .contains(dir.resolve("README.md"), dir.resolve("data/data.jsonl")))
                .satisfies(e -> assertThat(e.getMessage())
                        .contains("already exists")
                        .contains("nothing was written: 2 of 18 files"));
        assertThat(filesUnder(dir)).containsExactlyInAnyOrder("README.md", "data/data.jsonl", "notes.txt");
        assertThat(Files.readString(dir.resolve("README.md"))).isEqualTo("mine");
    }

    @Test
    void should_fill_an_existing_folder_whose_files_do_not_clash() throws IOException {
        // given
        Path dir = root.resolve("repo");
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");

        // when
        InitResult result = initializer.initialize(new InitRequest(dir, InitTemplate.CHAT, Optional.empty()));

        // then
        assertThat(result.files()).hasSize(17);
        assertThat(Files.readString(dir.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
    }

    @Test
    void should_refuse_a_target_that_is_a_file() throws IOException {
        // given
        Path file = Files.writeString(root.resolve("uc"), "not a folder");

        // when / then
        assertThatThrownBy(() -> initializer.initialize(new InitRequest(file, InitTemplate.NER, Optional.empty())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is a file, not a folder");
    }

    @Test
    void should_refuse_when_a_parent_of_a_target_is_a_file() throws IOException {
        // given
        Path dir = Files.createDirectories(root.resolve("uc"));
        Files.writeString(dir.resolve("flows"), "a file where a folder goes");

        // when / then
        assertThatThrownBy(() -> initializer.initialize(new InitRequest(dir, InitTemplate.NER, Optional.empty())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("a parent path is a file");
        assertThat(filesUnder(dir)).containsExactly("flows");
    }

    @ParameterizedTest
    @CsvSource({"Support-Bot, support_bot", "NER v2.1, ner_v2_1", "__x__, x", "uc, uc", "42, 42"})
    void should_derive_the_name_from_the_folder(String folder, String expected) {
        // when
        InitResult result =
                initializer.initialize(new InitRequest(root.resolve(folder), InitTemplate.NER, Optional.empty()));

        // then
        assertThat(result.name()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"My-Bot, --name my_bot", "a__b, --name a_b", "_x, --name x"})
    void should_reject_an_invalid_explicit_name_with_a_valid_suggestion(String name, String hint) {
        assertThatThrownBy(() -> initializer.initialize(
                        new InitRequest(root.resolve("uc"), InitTemplate.NER, Optional.of(name))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid use-case name '" + name + "'")
                .hasMessageContaining(hint);
        assertThat(root.resolve("uc")).doesNotExist();
    }

    @Test
    void should_ask_for_a_name_when_the_folder_name_has_no_usable_character() {
        assertThatThrownBy(() -> initializer.initialize(
                        new InitRequest(root.resolve("---"), InitTemplate.NER, Optional.empty())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("give one with --name");
    }

    @ParameterizedTest
    @CsvSource({"ner, NER", "Classification, CLASSIFICATION", " chat , CHAT"})
    void should_parse_template_ids_ignoring_case(String id, InitTemplate expected) {
        assertThat(InitTemplate.parse(id)).isEqualTo(expected);
    }

    @Test
    void should_list_the_valid_templates_for_an_unknown_one() {
        assertThatThrownBy(() -> InitTemplate.parse("rag"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown template 'rag'")
                .hasMessageContaining("ner, classification, chat, flex-function, flex-class");
    }

    static List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith(".git/"))
                    .sorted()
                    .toList();
        }
    }
}
