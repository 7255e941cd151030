package dev.llmops.dataops.prep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.data.DataReader;
import dev.llmops.data.DataRow;
import dev.llmops.data.RowStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The template's prep step ({@code prep_data.py}): a CSV with a header row becomes JSON Lines, one object per row,
 * keys in column order, lines joined with {@code \n} and no newline after the last. Values are typed per column as
 * pandas' {@code read_csv} types them: a column whose every non-empty cell is an integer holds numbers, likewise
 * decimals and {@code True}/{@code False}; anything else is text. An empty cell is {@code null} (pandas writes
 * {@code NaN}, which is not JSON).
 */
final class CsvToJsonLines {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INTEGER_CELL = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL_CELL =
            Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

    /** What a column holds. */
    enum Kind {
        EMPTY,
        INTEGER,
        DECIMAL,
        BOOLEAN,
        TEXT;

        /** What one cell holds. */
        static Kind of(String cell) {
            if (cell.isEmpty()) {
                return EMPTY;
            }
            if (INTEGER_CELL.matcher(cell).matches()) {
                return Kind.INTEGER;
            }
            if (DECIMAL_CELL.matcher(cell).matches()) {
                return Kind.DECIMAL;
            }
            return isBoolean(cell) ? Kind.BOOLEAN : Kind.TEXT;
        }

        /** What a column holds whose cells so far held {@code this} and now {@code other}. */
        Kind and(Kind other) {
            if (this == EMPTY) {
                return other;
            }
            if (other == EMPTY || this == other) {
                return this;
            }
            boolean numbers = (this == INTEGER || this == DECIMAL) && (other == INTEGER || other == DECIMAL);
            return numbers ? DECIMAL : TEXT;
        }
    }

    /**
     * @param rows rows written
     * @param columns the header, with what each column holds
     */
    record Converted(long rows, Map<String, Kind> columns) {}

    private CsvToJsonLines() {}

    /**
     * @throws dev.llmops.error.ConfigException naming {@code csv} and the line when a row is malformed
     */
    static Converted convert(Path csv, Path jsonl) throws IOException {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        DataReader reader = new DataReader();
        try (RowStream rows = reader.open(csv)) {
            while (rows.hasNext()) {
                DataRow row = rows.next();
                row.values().forEach((column, value) -> kinds.merge(column, Kind.of(String.valueOf(value)), Kind::and));
            }
        }
        long count = 0;
        try (RowStream rows = reader.open(csv);
                BufferedWriter out = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
            while (rows.hasNext()) {
                DataRow row = rows.next();
                ObjectNode o = JSON.createObjectNode();
                for (Map.Entry<String, Object> cell : row.values().entrySet()) {
                    put(o, cell.getKey(), String.valueOf(cell.getValue()), kinds.get(cell.getKey()));
                }
                if (count > 0) {
                    out.write('\n');
                }
                out.write(JSON.writeValueAsString(o));
                count++;
            }
        }
        return new Converted(count, kinds);
    }

    private static void put(ObjectNode o, String column, String cell, Kind kind) {
        if (cell.isEmpty()) {
            o.putNull(column);
            return;
        }
        switch (kind) {
            case INTEGER -> {
                BigInteger n = new BigInteger(cell.startsWith("+") ? cell.substring(1) : cell);
                if (n.bitLength() < 64) {
                    o.put(column, n.longValue());
                } else {
                    o.put(column, n);
                }
            }
            case DECIMAL -> o.put(column, Double.parseDouble(cell));
            case BOOLEAN -> o.put(column, cell.toLowerCase(Locale.ROOT).equals("true"));
            case EMPTY, TEXT -> o.put(column, cell);
        }
    }

    private static boolean isBoolean(String cell) {
        return switch (cell) {
            case "True", "False", "TRUE", "FALSE", "true", "false" -> true;
            default -> false;
        };
    }
}
