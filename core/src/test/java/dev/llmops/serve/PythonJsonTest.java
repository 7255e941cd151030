package dev.llmops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Event payloads as Python's {@code json.dumps} writes them (the values below are python 3's own output). */
class PythonJsonTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1.0 | 1.0",
                "0.25 | 0.25",
                "12345678.0 | 12345678.0",
                "1.0E16 | 1e+16",
                "1.5E-7 | 1.5e-07",
                "1.0E-4 | 0.0001",
                "-2.5 | -2.5"
            })
    void should_write_floats_as_pythons_repr(double value, String expected) {
        assertThat(PythonJson.floating(value)).isEqualTo(expected);
    }

    @Test
    void should_use_pythons_separators_and_escape_everything_outside_printable_ascii() {
        // given
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("answer", "caf\u00e9 \"x\" \\ \n\t\u007f \uD83D\uDE00");
        event.put("n", 3);
        event.put("list", Arrays.asList(true, null, 1.5));

        // when
        String text = PythonJson.dumps(event);

        // then: json.dumps({"answer": "café \"x\" \\ \n\t\x7f 😀", "n": 3, "list": [True, None, 1.5]})
        assertThat(text)
                .isEqualTo("{\"answer\": \"caf\\u00e9 \\\"x\\\" \\\\ \\n\\t\\u007f \\ud83d\\ude00\", \"n\": 3,"
                        + " \"list\": [true, null, 1.5]}");
    }
}
