package dev.llmops.run.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Splits a file into {@code '\n'}-terminated lines with their byte offsets. A final unterminated line is ignored. */
final class LineScanner {

    record Line(long offset, byte[] bytes) {}

    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private long filePos;
    private long lineStart;

    LineScanner(FileChannel ch) {
        this.ch = ch;
        buf.flip();
    }

    Line next() throws IOException {
        while (true) {
            while (buf.hasRemaining()) {
                byte b = buf.get();
                filePos++;
                if (b == '\n') {
                    Line line = new Line(lineStart, current.toByteArray());
                    current.reset();
                    lineStart = filePos;
                    return line;
                }
                current.write(b);
            }
            buf.clear();
            int n = ch.read(buf);
            buf.flip();
            if (n <= 0) {
                return null;
            }
        }
    }
}
