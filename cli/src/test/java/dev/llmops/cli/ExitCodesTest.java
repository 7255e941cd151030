package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitCodesTest {

    private static List<Problem> problems(int errors, int warnings) {
        List<Problem> list = new ArrayList<>();
        for (int i = 0; i < errors; i++) {
            list.add(Problem.error(Path.of("experiment.yaml"), i + 1, 1, "broken " + i, null));
        }
        for (int i = 0; i < warnings; i++) {
            list.add(Problem.warning(Path.of("experiment.yaml"), i + 10, 1, "odd " + i, null));
        }
        return list;
    }

    @ParameterizedTest(name = "{0} errors, {1} warnings -> ''{2}''")
    @CsvSource(delimiter = '|', textBlock = """
            1 | 0 | ''
            1 | 1 | 1 error, 1 warning.
            2 | 0 | 2 errors.
            3 | 2 | 3 errors, 2 warnings.
            0 | 1 | ''
            0 | 3 | ''
            """)
    void should_count_only_errors_as_errors(int errors, int warnings, String expected) {
        // when
        String count = ExitCodes.count(new ConfigException(problems(errors, warnings)));

        // then
        assertThat(count).isEqualTo(expected);
    }
}
