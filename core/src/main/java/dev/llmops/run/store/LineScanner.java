package dev.llmops.run.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Splits a file into {@code '\n'}-terminated lines with their byte offsets, reading in large blocks. A final
 * unterminated line (a torn write) is ignored. Not thread-safe.
 */
final class LineScanner implements AutoCloseable {

    record Line(long offset, byte[] bytes) {}

    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    private byte[] pending = new byte[1024];
    private int pendingLength;
    private long lineStart;
    private long filePos;

    LineScanner(FileChannel ch) {
        this.ch = ch;
        buf.flip();
    }

    Line next() throws IOException {
        while (true) {
            int start = buf.position();
            int limit = buf.limit();
            byte[] array = buf.array();
            for (int i = start; i < limit; i++) {
                if (array[i] == '\n') {
                    append(array, start, i - start);
                    buf.position(i + 1);
                    filePos += i + 1 - start;
                    Line line = new Line(lineStart, Arrays.copyOf(pending, pendingLength));
                    pendingLength = 0;
                    lineStart = filePos;
                    return line;
                }
            }
            append(array, start, limit - start);
            filePos += limit - start;
            buf.clear();
            int n = ch.read(buf);
            buf.flip();
            if (n <= 0) {
                return null;
            }
        }
    }

    private void append(byte[] src, int from, int length) {
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        System.arraycopy(src, from, pending, pendingLength, length);
        pendingLength += length;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
