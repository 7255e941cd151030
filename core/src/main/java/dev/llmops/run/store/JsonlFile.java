package dev.llmops.run.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.StateException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Low-level operations on a JSON Lines file keyed by {@code line_number}: discarding a torn tail, indexing the
 * latest record of each line, and compacting to one record per line in line order. Works by byte offsets, so
 * memory stays proportional to the number of lines (a few bytes each), never to their content.
 */
final class JsonlFile {

    private static final long WHOLE_FILE_LIMIT = 64L << 20;

    /** Where the latest record of a line starts and how long it is. */
    record Slot(long offset, int length) {}

    private JsonlFile() {}

    /**
     * Truncates the file after its last complete, parseable line.
     *
     * @return the number of bytes discarded (0 when the file was intact or absent)
     */
    static long discardTornTail(Path file, ObjectMapper mapper) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel ch = StoreFiles.openForRepair(file)) {
            long size = ch.size();
            long end = lastNewlineEnd(ch, size);
            // The last complete line may itself be garbage if the tear left a newline from a later write.
            while (end > 0) {
                long start = lastNewlineEnd(ch, end - 1);
                byte[] last = read(ch, start, (int) (end - start));
                if (parses(mapper, last)) {
                    break;
                }
                end = start;
            }
            if (end < size) {
                ch.truncate(end);
                ch.force(true);
            }
            return size - end;
        }
    }

    /** Position just after the last {@code '\n'} before {@code limit}, or 0. */
    private static long lastNewlineEnd(FileChannel ch, long limit) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long pos = limit;
        while (pos > 0) {
            int n = (int) Math.min(buf.capacity(), pos);
            buf.clear().limit(n);
            ch.read(buf, pos - n);
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return pos - n + i + 1;
                }
            }
            pos -= n;
        }
        return 0;
    }

    private static boolean parses(ObjectMapper mapper, byte[] line) {
        try {
            JsonNode node = mapper.readTree(line);
            return node != null && node.isObject() && node.has("line_number");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The {@code line_number} of a record, read without parsing the rest: the writers put it first, so this
     * stays cheap for records with large outputs. Falls back to a full parse for records written otherwise.
     */
    static int lineNumber(ObjectMapper mapper, byte[] record) throws IOException {
        int fast = leadingLineNumber(record);
        if (fast >= 0) {
            return fast;
        }
        try (JsonParser p = mapper.createParser(record)) {
            if (p.nextToken() == JsonToken.START_OBJECT
                    && p.nextToken() == JsonToken.FIELD_NAME
                    && "line_number".equals(p.currentName())
                    && p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                return p.getIntValue();
            }
        }
        JsonNode node = mapper.readTree(record);
        if (node == null || !node.has("line_number")) {
            throw new IOException("no line_number");
        }
        return node.path("line_number").asInt();
    }

    private static final byte[] LEAD = "{\"line_number\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The line number of a record that starts exactly as our writers write it, {@code {"line_number":N,}, or -1
     * for anything else (the caller then parses).
     */
    private static int leadingLineNumber(byte[] record) {
        if (record.length <= LEAD.length || !Arrays.equals(record, 0, LEAD.length, LEAD, 0, LEAD.length)) {
            return -1;
        }
        long n = 0;
        int i = LEAD.length;
        int digits = 0;
        while (i < record.length && record[i] >= '0' && record[i] <= '9' && digits < 10) {
            n = n * 10 + (record[i++] - '0');
            digits++;
        }
        boolean ends = i < record.length && (record[i] == ',' || record[i] == '}');
        return digits > 0 && ends && n <= Integer.MAX_VALUE ? (int) n : -1;
    }

    static byte[] read(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, offset + buf.position()) < 0) {
                break;
            }
        }
        return buf.array();
    }

    /** line number → slot of its LAST record (a retried line supersedes its earlier attempt). */
    static Map<Integer, Slot> index(Path file, ObjectMapper mapper) throws IOException {
        Map<Integer, Slot> slots = new HashMap<>();
        if (!Files.exists(file)) {
            return slots;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            LineScanner scanner = new LineScanner(ch);
            LineScanner.Line line;
            int n = 0;
            while ((line = scanner.next()) != null) {
                n++;
                if (line.bytes().length == 0) {
                    continue;
                }
                int lineNumber;
                try {
                    lineNumber = lineNumber(mapper, line.bytes());
                } catch (IOException e) {
                    throw new StateException(file + ":" + n + ": corrupt record in the run store (" + e.getMessage()
                            + "); delete the run or remove the line");
                }
                slots.put(lineNumber, new Slot(line.offset(), line.bytes().length));
            }
        }
        return slots;
    }

    /** Rewrites the file with the latest record of each line kept by {@code keep}, in line order. */
    static void compact(Path file, Map<Integer, Slot> slots, IntPredicate keep) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        int[] lines =
                slots.keySet().stream().mapToInt(Integer::intValue).filter(keep).toArray();
        Arrays.sort(lines);
        // The channel is closed before the rename: Windows cannot replace an open file.
        StoreFiles.replace(file, stream -> {
            try (FileChannel ch = StoreFiles.openForRead(file)) {
                OutputStream out = new BufferedOutputStream(stream, 1 << 16);
                // Up to 64 MB the file is read at once and records copied from memory (not mapped: Windows could
                // not replace a mapped file); beyond that each record is read on its own.
                byte[] whole = ch.size() <= WHOLE_FILE_LIMIT ? read(ch, 0, (int) ch.size()) : null;
                for (int line : lines) {
                    Slot s = slots.get(line);
                    if (whole != null) {
                        out.write(whole, (int) s.offset(), s.length());
                    } else {
                        out.write(read(ch, s.offset(), s.length()));
                    }
                    out.write('\n');
                }
                out.flush();
            }
        });
    }
}
