package dev.llmops.run.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.StateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends finished lines to a run's {@code inputs.jsonl}, {@code outputs.jsonl} and {@code errors.jsonl}. Each
 * record is one {@code write} of a whole line ending in a newline, so a crash can only leave a torn last line
 * (which {@link RunStore#prepareResume} discards). Lines reach the operating system as they finish: a killed
 * process loses at most the lines in flight. Thread-safe: one writer per run, calls serialized.
 */
public final class RunWriter implements AutoCloseable {

    private final ObjectMapper mapper;
    private final FileChannel inputs;
    private final FileChannel outputs;
    private final FileChannel errors;
    private final FileChannel lockFile;
    private final FileLock lock;

    RunWriter(Path dir, ObjectMapper mapper) {
        this.mapper = mapper;
        try {
            // The OS drops the lock when the process dies, so a killed run never stays locked.
            this.lockFile = StoreFiles.openForWrite(dir.resolve(".lock"));
            this.lock = tryLock(lockFile, dir);
            this.inputs = open(dir.resolve(RunStore.INPUTS));
            this.outputs = open(dir.resolve(RunStore.OUTPUTS));
            this.errors = open(dir.resolve(RunStore.ERRORS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the run files in " + dir, e);
        }
    }

    private static FileLock tryLock(FileChannel channel, Path dir) throws IOException {
        FileLock l;
        try {
            l = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            channel.close();
            throw new StateException("run " + dir.getFileName() + " is being written by another llmops process;"
                    + " wait for it to finish or stop it first");
        }
        return l;
    }

    private static FileChannel open(Path file) throws IOException {
        return StoreFiles.openForAppend(file);
    }

    /**
     * Records a finished line: its inputs first, so a line present in outputs always has its inputs. The JSON is
     * built before taking the lock; only the writes are serialized.
     */
    public void append(LineRecord record, Map<String, Object> lineInputs) {
        try {
            Map<String, Object> in = new LinkedHashMap<>();
            in.put("line_number", record.lineNumber());
            in.put("inputs", lineInputs);
            ByteBuffer inputLine = line(in);
            ByteBuffer outputLine = line(record);
            ByteBuffer errorLine = record.failed() ? line(errorEntry(record)) : null;
            synchronized (this) {
                write(inputs, inputLine);
                write(outputs, outputLine);
                if (errorLine != null) {
                    write(errors, errorLine);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write line " + record.lineNumber(), e);
        }
    }

    static Map<String, Object> errorEntry(LineRecord record) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("line_number", record.lineNumber());
        err.put("node", record.error().node());
        err.put("message", record.error().message());
        err.put("detail", record.error().detail());
        return err;
    }

    private ByteBuffer line(Object value) throws IOException {
        byte[] json = mapper.writeValueAsBytes(value);
        return ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
    }

    private static void write(FileChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    @Override
    public synchronized void close() {
        try (lockFile;
                inputs;
                outputs;
                errors) {
            outputs.force(false);
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the run files", e);
        }
    }
}
