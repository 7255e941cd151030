package dev.llmops.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.SystemEnv;
import dev.llmops.error.Problem;
import dev.llmops.secret.DotEnv;
import dev.llmops.secret.Placeholders;
import dev.llmops.secret.SecretMasker;
import dev.llmops.secret.Variables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentFileTest {

    @TempDir
    Path dir;

    private final SecretMasker masker = new SecretMasker();

    private Map<String, String> load(String yaml, Map<String, String> env, Problems problems) {
        UseCaseFiles.write(dir, "environment/env.yaml", yaml);
        Variables variables = new Variables(
                new SystemEnv(env, dir), List.of(new DotEnv(dir.resolve(".env"), Map.of("FROM_DOTENV", "dotenv-1"))));
        return new EnvironmentFile(problems, variables, new Placeholders(variables, masker), SecretPolicy.REQUIRED)
                .load(dir);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            model: text-embedding-ada-002         | MODEL       | text-embedding-ada-002
            ' spaced_key ': value                  | SPACED_KEY  | value
            verbose: false                        | VERBOSE     | false
            max_total_token: 4096                 | MAX_TOTAL_TOKEN | 4096
            key: ${SEARCH_KEY}                    | KEY         | search-secret-1
            key: ${env:FROM_DOTENV}               | KEY         | dotenv-1
            url: https://${HOST}/api              | URL         | https://search.test/api
            """)
    void should_resolve_values_verbatim_with_placeholders(String yaml, String key, String expected) {
        // given
        Problems problems = new Problems(dir);

        // when
        Map<String, String> vars =
                load(yaml + "\n", Map.of("SEARCH_KEY", "search-secret-1", "HOST", "search.test"), problems);

        // then
        assertThat(problems.all()).isEmpty();
        assertThat(vars).containsExactly(Map.entry(key, expected));
    }

    @Test
    void should_prefer_an_existing_variable_even_when_empty_and_mask_placeholder_secrets() {
        // given
        Problems problems = new Problems(dir);

        // when
        Map<String, String> vars = load(
                "MODE: fast\nEMPTY_IN_ENV: something\nTOKEN: ${TOKEN_SECRET}\n",
                Map.of("MODE", "slow", "EMPTY_IN_ENV", "", "TOKEN_SECRET", "tok-secret-42"),
                problems);

        // then
        assertThat(problems.all()).isEmpty();
        assertThat(vars)
                .containsEntry("MODE", "slow")
                .containsEntry("EMPTY_IN_ENV", "")
                .containsEntry("TOKEN", "tok-secret-42");
        assertThat(masker.mask("tok-secret-42")).isEqualTo("***");
    }

    @Test
    void should_report_values_that_are_not_text() {
        // given
        Problems problems = new Problems(dir);

        // when
        load("LIST: [a, b]\n", Map.of(), problems);

        // then
        assertThat(problems.all())
                .map(Problem::format)
                .containsExactly(Path.of("environment", "env.yaml")
                        + ":1:7: error: env.yaml: LIST must be text, found a list (environment variables hold a single"
                        + " line of text)");
    }
}
