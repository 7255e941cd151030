package dev.llmops.flow.python;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@code python3} worker process: requests go to its stdin, responses come back one JSON line each on its
 * stdout (the worker points the tools' own stdout at stderr). Not thread-safe: one {@link WorkerPool} driver thread
 * talks to a worker.
 */
final class PythonWorker implements AutoCloseable {

    private static final String EOF = new String("<eof>");
    static final String CALLBACK_PREFIX = "{\"callback\"";
    private static final int STDERR_TAIL_LINES = 40;
    private static final Duration GRACE = Duration.ofSeconds(2);

    private final Process process;
    private final BufferedWriter stdin;
    private final BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
    private final String token;
    private volatile boolean inCall;
    private final Deque<String> stderrTail = new ArrayDeque<>();

    /** Why a call got no response: the process ended or the call ran out of time. */
    static final class WorkerGoneException extends Exception {
        private final boolean timedOut;

        WorkerGoneException(String message, boolean timedOut) {
            super(message);
            this.timedOut = timedOut;
        }

        boolean timedOut() {
            return timedOut;
        }
    }

    /**
     * A model request that arrived at the loopback endpoint with this worker's token: the thread running the
     * worker's current call serves it (so the line's run is charged) and completes {@code answer}.
     *
     * @param line the request as a callback line, {@code {"callback": {...}}}
     */
    record LoopbackJob(String line, CompletableFuture<String> answer) {}

    private PythonWorker(Process process, String token) {
        this.process = process;
        this.token = token;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Thread.ofVirtual().name("python-worker-out-" + process.pid()).start(() -> pumpResponses(process));
        Thread.ofVirtual().name("python-worker-err-" + process.pid()).start(() -> pumpStderr(process));
    }

    /** Starts a worker and waits until it reports ready. */
    static PythonWorker start(
            List<String> command, Path workingDir, Map<String, String> environment, Duration startTimeout, String token)
            throws IOException, WorkerGoneException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        PythonWorker worker = new PythonWorker(builder.start(), token);
        try {
            worker.await(Optional.of(startTimeout));
        } catch (WorkerGoneException e) {
            worker.close();
            String tail = worker.stderrTail();
            throw new WorkerGoneException(
                    "the python worker did not start (" + e.getMessage() + ")" + (tail.isBlank() ? "" : ":\n" + tail),
                    e.timedOut());
        }
        return worker;
    }

    /** The secret this worker's code presents to the loopback endpoint. */
    String token() {
        return token;
    }

    /** Hands a loopback request to the thread running this worker's call; refused when no call runs. */
    void submit(LoopbackJob job) {
        if (!inCall) {
            job.answer().complete(NO_CALL);
            return;
        }
        responses.add(job);
    }

    static final String NO_CALL =
            "{\"ok\": false, \"message\": \"no flow line is running in the worker that owns this token\"}";

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** A batch starts: loopback requests with this worker's token are taken from now on. */
    void beginCalls() {
        inCall = true;
    }

    /** The batch ended: loopback requests that arrive from now on, or were not taken, are refused. */
    void endCalls() {
        inCall = false;
        for (Object left; (left = responses.peek()) != null && !(left instanceof String); ) {
            responses.remove(left);
            if (left instanceof LoopbackJob job) {
                job.answer().complete(NO_CALL);
            }
        }
    }

    /** Makes a thread waiting in {@link #next} return {@code marker}. */
    void wake(Object marker) {
        responses.add(marker);
    }

    /**
     * The worker's next output: a response or callback line, a {@link LoopbackJob}, or a {@link #wake} marker.
     *
     * @throws WorkerGoneException when the process ended, or nothing came within {@code timeout} (the worker is
     *     then stopped)
     */
    Object next(Optional<Duration> timeout) throws WorkerGoneException {
        return await(timeout);
    }

    /** Stops the process at once, for a call that must not finish. */
    void kill() {
        process.destroyForcibly();
        close();
    }

    /** Writes one message line to the worker's stdin. */
    void send(String line) throws WorkerGoneException {
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new WorkerGoneException(describeExit(), false);
        }
    }

    private Object await(Optional<Duration> timeout) throws WorkerGoneException {
        Object line;
        try {
            line = timeout.isPresent()
                    ? responses.poll(timeout.get().toMillis(), TimeUnit.MILLISECONDS)
                    : responses.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new WorkerGoneException("interrupted while waiting for the python worker", false);
        }
        if (line == null) {
            process.destroyForcibly();
            close();
            throw new WorkerGoneException(
                    "no answer within " + timeout.orElseThrow().toSeconds() + " s; the worker was stopped", true);
        }
        if (line == EOF) {
            throw new WorkerGoneException(describeExit(), false);
        }
        return line;
    }

    private String describeExit() {
        try {
            if (process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return "the python worker (pid " + process.pid() + ") exited with code " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "the python worker (pid " + process.pid() + ") stopped answering";
    }

    /** The last lines the worker wrote to stderr (tool prints, interpreter crash messages). */
    String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    private void pumpResponses(Process p) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    responses.add(line);
                }
            }
        } catch (IOException e) {
            // The stream closes when the process is destroyed; the EOF marker below tells the caller.
        } finally {
            responses.add(EOF);
        }
    }

    private void pumpStderr(Process p) {
        try (InputStream err = p.getErrorStream();
                BufferedReader reader = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_TAIL_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        } catch (IOException e) {
            // Process gone; nothing more to read.
        }
    }

    /** Asks the worker to exit (stdin closed), then destroys it, forcibly if it lingers. Idempotent. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // Already closed or the process is gone.
        }
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
