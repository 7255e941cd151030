package dev.llmops.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.SystemEnv;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaceholdersTest {

    private final SecretMasker masker = new SecretMasker();
    private final Placeholders placeholders = new Placeholders(
            new Variables(
                    new SystemEnv(
                            Map.of("AOAI_API_KEY", "sk-aoai-1234", "HOST", "example.test", "api_key", "lower-5678"),
                            Path.of(".")),
                    List.of(new DotEnv(Path.of(".env"), Map.of("FROM_FILE", "file-9999")))),
            masker);

    @ParameterizedTest(name = "{0} in connection {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            ${api_key}                | aoai | lower-5678             | -
            ${AOAI_API_KEY}           | aoai | sk-aoai-1234           | -
            ${api_base}               | aoai | ${api_base}            | AOAI_API_BASE
            ${env:FROM_FILE}          | aoai | file-9999              | -
            https://${HOST}/v1        | -    | https://example.test/v1 | -
            ${MISSING}                | -    | ${MISSING}             | MISSING
            ${env:api_base}           | aoai | ${env:api_base}        | api_base
            no placeholder            | aoai | no placeholder         | -
            """)
    void should_resolve_from_environment_then_env_file_then_connection_rule(
            String text, String connection, String expected, String missing) {
        // when
        Placeholders.Resolution r = placeholders.resolve(text, connection);

        // then
        assertThat(r.value()).isEqualTo(expected);
        assertThat(r.missing()).containsExactlyElementsOf(missing == null ? List.of() : List.of(missing));
        assertThat(r.hadPlaceholder()).isEqualTo(text.contains("${"));
    }

    @ParameterizedTest
    @CsvSource({"${key}, AOAI_KEY, sk-conn-4321"})
    void should_fall_back_to_the_connection_variable_and_mask_it(String text, String variable, String value) {
        // given
        Placeholders withConnectionVariable = new Placeholders(
                new Variables(new SystemEnv(Map.of(variable, value), Path.of(".")), List.of()), masker);

        // when
        Placeholders.Resolution r = withConnectionVariable.resolve(text, "aoai");

        // then
        assertThat(r.value()).isEqualTo(value);
        assertThat(masker.mask("token=" + value)).isEqualTo("token=***");
    }
}
