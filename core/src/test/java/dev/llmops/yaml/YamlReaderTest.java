package dev.llmops.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlReaderTest {

    private static final Path FILE = Path.of("experiment.yaml");

    @Test
    void should_apply_merge_keys_with_explicit_keys_winning() {
        // given
        String text = """
                defaults: &d {source: d.jsonl, mappings: {q: x}}
                dataset:
                  <<: *d
                  name: train
                  source: train.jsonl
                """;

        // when
        YNode.YMap root = (YNode.YMap) YamlReader.parse(FILE, text).orElseThrow();

        // then
        YNode.YMap dataset = (YNode.YMap) root.get("dataset");
        assertThat(dataset.toPlain())
                .isEqualTo(Map.of("name", "train", "source", "train.jsonl", "mappings", Map.of("q", "x")));
        assertThat(dataset.has("<<")).isFalse();
        assertThat(dataset.locationOf("source").line()).isEqualTo(5);
    }

    @Test
    void should_reject_duplicate_keys_naming_both_lines() {
        // when / then
        assertThatThrownBy(() -> YamlReader.parse(FILE, "name: a\nflow: f\nname: b\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("experiment.yaml:3:1: error: duplicate key 'name' (first at line 1) (remove one of them)");
    }
}
