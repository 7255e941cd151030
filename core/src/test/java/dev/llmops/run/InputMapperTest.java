package dev.llmops.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import dev.llmops.experiment.Mapping;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputMapperTest {

    private static final FlowSignature FLOW = FlowSignature.of(
            FlowSignature.Input.required("question"),
            FlowSignature.Input.withDefault("style", "short"),
            FlowSignature.Input.withDefault("lang", "en"),
            FlowSignature.Input.required("answer"));

    private static DatasetInput dataset(Map<String, String> mappings) {
        return new DatasetInput("eval", Path.of("data/eval.jsonl"), () -> null, Mapping.parseAll(mappings), "std_run");
    }

    private static DataRow row(Map<String, Object> values) {
        return new DataRow(4, 5, new LinkedHashMap<>(values));
    }

    @Test
    void should_map_data_columns_run_outputs_constants_same_named_columns_and_defaults() {
        // given
        InputMapper mapper = new InputMapper(
                FLOW, dataset(Map.of("question", "${data.q}", "answer", "${run.outputs.category}", "lang", "fr")));
        InputMapper.ReferencedLine ref =
                new InputMapper.ReferencedLine(4, Map.of("url", "u"), Map.of("category", "Sports"));

        // when
        Map<String, Object> inputs = mapper.map(row(Map.of("q", "Who won?", "style", "long")), ref);

        // then the same-named column beats the default (unlike Prompt Flow), the constant beats both
        assertThat(inputs)
                .containsExactly(
                        Map.entry("question", "Who won?"),
                        Map.entry("style", "long"),
                        Map.entry("lang", "fr"),
                        Map.entry("answer", "Sports"));
        assertThat(mapper.readsRun()).isTrue();
    }

    @Test
    void should_use_the_default_when_the_row_has_no_such_column() {
        // given
        InputMapper mapper = new InputMapper(FLOW, dataset(Map.of("question", "${data.q}", "answer", "${data.a}")));

        // when
        Map<String, Object> inputs = mapper.map(row(Map.of("q", "x", "a", "y")), null);

        // then
        assertThat(inputs).containsEntry("style", "short").containsEntry("lang", "en");
    }

    @Test
    void should_report_every_missing_column_with_dataset_file_line_and_mapping() {
        // given
        InputMapper mapper = new InputMapper(FLOW, dataset(Map.of("question", "${data.query}")));

        // when / then
        DataRow first = row(Map.of("q", "x"));
        assertThatThrownBy(() -> mapper.validate(first, first.values().keySet()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2))
                .hasMessageContaining(
                        "eval.jsonl:5: error: dataset 'eval' (line_number 4): column 'query' not found (mapping question: ${data.query})")
                .hasMessageContaining("flow input 'answer' has no mapping, no column of that name and no default");
    }

    @Test
    void should_fail_the_line_when_the_referenced_run_has_no_such_line() {
        // given
        InputMapper mapper =
                new InputMapper(FLOW, dataset(Map.of("question", "${data.q}", "answer", "${run.outputs.category}")));

        // when / then
        assertThatThrownBy(() -> mapper.map(row(Map.of("q", "x")), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("${run.outputs.category} not found in run 'std_run'");
    }

    @Test
    void should_read_a_field_of_a_run_output_and_name_the_missing_one() {
        // given
        InputMapper mapper = new InputMapper(
                FLOW, dataset(Map.of("question", "${data.q}", "answer", "${run.outputs.result.label}")));
        InputMapper.ReferencedLine ref =
                new InputMapper.ReferencedLine(4, Map.of(), Map.of("result", Map.of("label", "Sports")));
        InputMapper.ReferencedLine other =
                new InputMapper.ReferencedLine(4, Map.of(), Map.of("result", Map.of("name", "x")));

        // when / then
        assertThat(mapper.map(row(Map.of("q", "x")), ref)).containsEntry("answer", "Sports");
        assertThatThrownBy(() -> mapper.map(row(Map.of("q", "x")), other))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("run.outputs.result has no field 'label' (fields: [name])");
    }
}
