package dev.llmops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VariantSelectionTest {

    @Test
    void should_parse_several_selections_keeping_case() {
        assertThat(VariantSelection.parse("${Summarize.Variant_1}, ${classify.v2}")
                        .overrides())
                .containsExactly(Map.entry("Summarize", "Variant_1"), Map.entry("classify", "v2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"summarize.variant_1", "${summarize}", "${a.b} junk", "${a.b.c}"})
    void should_reject_malformed_selections(String text) {
        assertThatThrownBy(() -> VariantSelection.parse(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid variant");
    }
}
