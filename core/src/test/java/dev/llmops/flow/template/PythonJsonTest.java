package dev.llmops.flow.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values as Python's {@code json.dumps} writes them, for tojson and for server-sent events (the values below are python 3's own output). */
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
                "1.0E-5 | 1e-05",
                "123456789012345.0 | 123456789012345.0",
                "NaN | NaN",
                "-Infinity | -Infinity",
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

    @Test
    void should_sort_keys_and_indent_as_python_does() {
        // given
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", Arrays.asList(1, Map.of()));
        value.put("a", 0.0001);
        value.put("c", List.of());

        // when
        String text = PythonJson.dumps(value, true, 2);

        // then: json.dumps({"b": [1, {}], "a": 0.0001, "c": []}, sort_keys=True, indent=2)
        assertThat(text).isEqualTo("{\n  \"a\": 0.0001,\n  \"b\": [\n    1,\n    {}\n  ],\n  \"c\": []\n}");
    }
}
