package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.pipeline.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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

    static List<Verdict> verdicts() {
        return List.of(
                new Verdict.Passed(List.of()),
                new Verdict.Failed(List.of("run a: 2 of 3 lines failed", "gate failed: f1 is 0.5"), List.of()),
                new Verdict.Canceled("'llmops eval' evaluates again"));
    }

    @ParameterizedTest
    @MethodSource("verdicts")
    void should_map_each_verdict_to_its_exit_code_and_words(Verdict verdict) {
        // given
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext(
                new SystemEnv(Map.of(), Path.of(".")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        // when
        int code = ExitCodes.of(verdict, context);

        // then
        String words = err.toString(StandardCharsets.UTF_8);
        switch (verdict) {
            case Verdict.Passed p -> {
                assertThat(code).isEqualTo(ExitCodes.OK);
                assertThat(words).isEmpty();
            }
            case Verdict.Failed f -> {
                assertThat(code).isEqualTo(ExitCodes.FAILED);
                assertThat(words.lines().toList())
                        .containsExactly("llmops: run a: 2 of 3 lines failed", "gate failed: f1 is 0.5");
            }
            case Verdict.Canceled c -> {
                assertThat(code).isEqualTo(ExitCodes.CANCELED);
                assertThat(words).startsWith("llmops: canceled; finished work is kept: 'llmops eval' evaluates again.");
            }
        }
    }
}
