package dev.llmops.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataReaderTest {

    @TempDir
    Path dir;

    private final DataReader reader = new DataReader();

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private List<DataRow> readAll(Path file) {
        List<DataRow> rows = new ArrayList<>();
        try (RowStream stream = reader.open(file)) {
            stream.forEachRemaining(rows::add);
        }
        return rows;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            rows.jsonl | \\uFEFF{"q": "a", "n": 1}\\n\\n{"q": "b", "n": 2}                  | 1,3
            rows.jsonl | {"q": "a", "n": 1}\\r\\n{"q": "b", "n": 2}\\r\\n                    | 1,2
            rows.json  | \\uFEFF[\\n  {"q": "a", "n": 1},\\n  {"q": "b", "n": 2}\\n]      | 1,2
            rows.csv   | \\uFEFFq,n\\r\\na,1\\r\\nb,2                                         | 2,3
            rows.tsv   | q\\tn\\na\\t1\\nb\\t2\\n                                             | 2,3
            """)
    void should_read_every_format_with_or_without_bom_and_final_newline(String name, String content, String lines)
            throws IOException {
        // given
        Path path = file(
                name,
                content.replace("\\uFEFF", "\uFEFF")
                        .replace("\\r", "\r")
                        .replace("\\n", "\n")
                        .replace("\\t", "\t"));

        // when
        List<DataRow> rows = readAll(path);

        // then
        assertThat(rows).extracting(r -> r.get("q")).containsExactly("a", "b");
        assertThat(rows).extracting(r -> String.valueOf(r.get("n"))).containsExactly("1", "2");
        assertThat(rows).extracting(r -> String.valueOf(r.lineNumber())).containsExactly(lines.split(","));
        assertThat(rows.getFirst().values().keySet()).containsExactly("q", "n");
    }

    @Test
    void should_keep_json_values_typed_and_csv_cells_as_text() throws IOException {
        // given
        Path jsonl = file("typed.jsonl", "{\"s\": {\"k\": [1, true]}, \"n\": 2.5, \"z\": null}\n");
        Path csv = file("quoted.csv", "text,team\n\"Refund, please\nit broke\",billing\n");

        // when
        DataRow json = readAll(jsonl).getFirst();
        DataRow row = readAll(csv).getFirst();

        // then
        assertThat(json.get("s")).isEqualTo(Map.of("k", List.of(1, true)));
        assertThat(json.get("n")).isEqualTo(2.5);
        assertThat(json.has("z")).isTrue();
        assertThat(json.get("z")).isNull();
        assertThat(row.get("text")).isEqualTo("Refund, please\nit broke");
        assertThat(row.lineNumber()).isEqualTo(2);
    }

    @Test
    void should_stream_rows_before_reading_the_rest_of_the_file() throws IOException {
        // given: a valid first record followed by a large malformed tail
        Path jsonl = dir.resolve("big.jsonl");
        Path json = dir.resolve("big.json");
        try (Writer a = Files.newBufferedWriter(jsonl);
                Writer b = Files.newBufferedWriter(json)) {
            a.write("{\"q\": \"first\"}\n");
            b.write("[{\"q\": \"first\"},\n");
            String filler = "{\"q\": \"" + "x".repeat(1000) + "\"}\n";
            for (int i = 0; i < 5_000; i++) {
                a.write(filler);
                b.write(filler.strip() + ",\n");
            }
            a.write("{broken\n");
            b.write("{broken\n");
        }

        for (Path file : List.of(jsonl, json)) {
            try (RowStream stream = reader.open(file)) {
                // when / then: the first row is available although the file ends malformed
                assertThat(stream.next().get("q")).isEqualTo("first");
                assertThatThrownBy(() -> stream.forEachRemaining(r -> {}))
                        .isInstanceOf(ConfigException.class)
                        .hasMessageContaining(file.getFileName() + ":5002:");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad.jsonl | {"a": 1}\\n{"a": 2, }\\n           | bad.jsonl:2:10: error: malformed JSON line
            bad.jsonl | {"a": 1}\\n"just text"\\n          | bad.jsonl:2:1: error: expected a JSON object, found a string
            bad.jsonl | {"a": 1} {"a": 2}\\n               | bad.jsonl:1:
            bad.json  | [{"a": 1}, 3]                      | bad.json:1:12: error: element 2 of the array is not a JSON object
            bad.json  | [{"a": 1}] []                      | bad.json:1:12: error: unexpected content after the closing ]
            bad.json  | [{"a": 1},\\n                      | bad.json:2:
            bad.csv   | a,b\\n1,2\\n3\\n                   | bad.csv:3: error: row has 1 fields but the header has 2
            bad.csv   | a,a\\n1,2\\n                       | bad.csv:1: error: invalid header row
            bad.csv   | a,b\\n"1,2\\n                      | bad.csv:
            bad.txt   | a                                  | bad.txt: error: unsupported data file type
            """)
    void should_name_file_and_line_of_a_malformed_record(String name, String content, String expected)
            throws IOException {
        // given
        Path path = file(name, content.replace("\\n", "\n"));

        // when / then
        assertThatThrownBy(() -> readAll(path))
                .isExactlyInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(
                                ((ConfigException) e).problems().getFirst().format())
                        .startsWith(dir.resolve(expected.substring(0, expected.indexOf(':')))
                                + expected.substring(expected.indexOf(':'))));
    }

    @Test
    void should_summarize_columns_and_rows_missing_them() throws IOException {
        // given
        Path path =
                file("mixed.jsonl", "{\"q\": \"a\", \"gold\": \"x\"}\n{\"q\": \"b\"}\n{\"q\": \"c\", \"extra\": 1}");

        // when
        DataSummary summary = reader.summarize(path);

        // then
        assertThat(summary.rowCount()).isEqualTo(3);
        assertThat(summary.columns()).containsExactly("q", "gold", "extra");
        assertThat(summary.rowsMissing("q")).isZero();
        assertThat(summary.rowsMissing("gold")).isEqualTo(2);
        assertThat(summary.rowsMissing("nope")).isEqualTo(3);
        assertThat(summary.firstRowWithColumn()).containsEntry("extra", 3);
    }

    @Test
    void should_read_an_empty_file_as_no_rows() throws IOException {
        // given
        Path jsonl = file("empty.jsonl", "");
        Path csv = file("empty.csv", "");

        // when / then
        assertThat(readAll(jsonl)).isEmpty();
        assertThat(readAll(csv)).isEmpty();
    }
}
