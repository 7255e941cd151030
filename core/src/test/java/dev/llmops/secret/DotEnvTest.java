package dev.llmops.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotEnvTest {

    private static final Path FILE = Path.of(".env");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            KEY=value                      | value
            KEY = spaced                   | spaced
            export KEY=exported            | exported
            KEY="double # not a comment"   | double # not a comment
            KEY='single $NOT_EXPANDED'     | single $NOT_EXPANDED
            KEY="line\\none"               | `line\\none`
            KEY=value # trailing comment   | value
            KEY=a#b                        | a#b
            KEY=base64/with==padding       | base64/with==padding
            KEY="escaped \\" quote"        | escaped " quote
            """)
    void should_parse_values_like_a_shell(String line, String expected) {
        // when
        DotEnv env = DotEnv.parse(FILE, "# comment\n\n" + line + "\n");

        // then
        assertThat(env.values()).containsEntry("KEY", expected.replace("\\n", "\n"));
    }

    @Test
    void should_keep_file_order_and_let_a_later_duplicate_win() {
        // when
        DotEnv env = DotEnv.parse(FILE, "\uFEFFB=1\r\nA=2\r\nB=3");

        // then
        assertThat(env.values()).containsExactly(java.util.Map.entry("B", "3"), java.util.Map.entry("A", "2"));
    }

    @Test
    void should_report_every_malformed_line_without_its_value() {
        // when / then
        assertThatThrownBy(() -> DotEnv.parse(FILE, "GOOD=1\nno equals sign here\nKEY=\"sk-unterminated-secret\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).extracting(Problem::line).containsExactly(2, 3);
                    assertThat(e.getMessage()).doesNotContain("sk-unterminated-secret");
                });
    }
}
