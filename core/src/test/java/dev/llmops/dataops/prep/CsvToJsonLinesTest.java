package dev.llmops.dataops.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The prep step's CSV to JSON Lines: one column's cells to the JSON values pandas would give them. */
class CsvToJsonLinesTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} | {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1      | 2       | 1;2",
                "-1     | +7      | -1;7",
                "007    | 10      | 7;10",
                "1      | 2.5     | 1.0;2.5",
                "1e3    | .5      | 1000.0;0.5",
                "True   | false   | true;false",
                "TRUE   | FALSE   | true;false",
                "True   | 1       | \"True\";\"1\"",
                "1      | abc     | \"1\";\"abc\"",
                "NA     | 3       | \"NA\";\"3\"",
                "''     | 3       | null;3",
                "''     | ''      | null;null",
                "''     | x       | null;\"x\"",
                "99999999999999999999 | 1 | 99999999999999999999;1",
            })
    void should_type_a_column_as_pandas_reads_it(String first, String second, String expected) throws IOException {
        // given
        Path csv = Files.writeString(dir.resolve("in.csv"), "k,v\na," + first + "\nb," + second + "\n");
        Path jsonl = dir.resolve("out.jsonl");

        // when
        CsvToJsonLines.Converted converted = CsvToJsonLines.convert(csv, jsonl);

        // then
        String[] values = expected.split(";");
        assertThat(Files.readString(jsonl))
                .isEqualTo("{\"k\":\"a\",\"v\":" + values[0] + "}\n{\"k\":\"b\",\"v\":" + values[1] + "}");
        assertThat(converted.rows()).isEqualTo(2);
    }

    @Test
    void should_keep_column_order_quotes_and_non_ascii_text() throws IOException {
        // given
        Path csv = Files.writeString(
                dir.resolve("in.csv"),
                "zeta,alpha\n\"a, \"\"b\"\"\",Zürich\n",
                java.nio.charset.StandardCharsets.UTF_8);
        Path jsonl = dir.resolve("out.jsonl");

        // when
        CsvToJsonLines.convert(csv, jsonl);

        // then
        assertThat(Files.readString(jsonl)).isEqualTo("{\"zeta\":\"a, \\\"b\\\"\",\"alpha\":\"Zürich\"}");
    }

    @Test
    void should_write_an_empty_file_for_a_header_without_rows() throws IOException {
        // given
        Path csv = Files.writeString(dir.resolve("in.csv"), "a,b\n");
        Path jsonl = dir.resolve("out.jsonl");

        // when
        CsvToJsonLines.Converted converted = CsvToJsonLines.convert(csv, jsonl);

        // then
        assertThat(converted.rows()).isZero();
        assertThat(converted.columns()).isEmpty();
        assertThat(Files.readString(jsonl)).isEmpty();
    }

    @Test
    void should_refuse_duplicate_columns() throws IOException {
        // given
        Path csv = Files.writeString(dir.resolve("in.csv"), "a,a\n1,2\n");

        // then
        assertThatThrownBy(() -> CsvToJsonLines.convert(csv, dir.resolve("out.jsonl")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid header row");
    }
}
