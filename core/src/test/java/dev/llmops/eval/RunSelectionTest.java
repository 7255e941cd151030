package dev.llmops.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RunSelectionTest {

    @TempDir
    Path dir;

    private SystemEnv env() {
        return new SystemEnv(Map.of(), dir);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "run_a                        | run_a",
                "run_a, run_b                 | run_a,run_b",
                "['run_a', 'run_b']           | run_a,run_b",
                "[\"run_a\",\"run_b\"]        | run_a,run_b",
                "['it\\'s']                   | it's",
            })
    void should_parse_ids_lists_and_literals(String value, String expected) {
        assertThat(RunSelection.parse(value, env()))
                .isEqualTo(new RunSelection.Ids(Arrays.asList(expected.split(","))));
    }

    @Test
    void should_select_latest() {
        assertThat(RunSelection.parse("latest", env())).isInstanceOf(RunSelection.Latest.class);
    }

    @Test
    void should_read_the_template_run_id_file() throws Exception {
        // given: what the template's prompt_pipeline writes
        Files.writeString(dir.resolve("run_id.txt"), "['web_variant_0_20240101', 'web_variant_1_20240101']\n");

        // then
        assertThat(RunSelection.parse("run_id.txt", env()))
                .isEqualTo(new RunSelection.Ids(java.util.List.of("web_variant_0_20240101", "web_variant_1_20240101")));
    }

    @Test
    void should_reject_an_empty_run_id_file() throws Exception {
        Files.writeString(dir.resolve("run_id.txt"), "  \n");

        assertThatThrownBy(() -> RunSelection.parse("run_id.txt", env()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("run_id.txt is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[run_a]", "['run_a'", "['run_a]", "[]", " , "})
    void should_reject_malformed_lists(String value) {
        assertThatThrownBy(() -> RunSelection.parse(value, env()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--runs");
    }
}
