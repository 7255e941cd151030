package dev.llmops.flow.python;

import dev.llmops.flow.tool.ToolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The python worker processes of one runner and the requests waiting for them. A caller queues its request and
 * waits; each worker has a driver thread that takes every request waiting (up to {@link #MAX_BATCH}), sends them
 * as one batch message and reads the answers one by one as the worker finishes each. A batch costs one round trip
 * instead of one per request, and each caller still gets its answer the moment it is ready, so a run records,
 * resumes and counts progress per line as before. A request whose worker crashes or times out fails alone: the
 * requests behind it in the batch had not started (a worker runs them in order) and go back to the front of the
 * queue for a fresh worker. Model calls that code makes during a request are answered on the caller's thread: it
 * is the line's thread, whose run they are charged to. Thread-safe.
 */
final class WorkerPool implements AutoCloseable {

    /** The most requests one batch message carries: enough to amortize a round trip, small enough to share. */
    static final int MAX_BATCH = 32;

    static final String NO_CALLBACKS =
            "{\"ok\": false, \"message\": \"model calls from python code are served for flex entries only\"}";
    private static final String CALLER_GONE =
            "{\"ok\": false, \"message\": \"the line was stopped (timed out or canceled) while its model call waited\"}";

    /** Starts and stops the processes; the pool decides when. */
    interface Workers {
        PythonWorker start();

        void stop(PythonWorker worker);
    }

    private final Workers workers;
    private final int size;
    private final Optional<Duration> callTimeout;
    private final BlockingDeque<Request> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger drivers = new AtomicInteger();
    private final AtomicInteger idleDrivers = new AtomicInteger();
    private final Set<Thread> driverThreads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    WorkerPool(Workers workers, int size, Optional<Duration> callTimeout) {
        this.workers = workers;
        this.size = size;
        this.callTimeout = callTimeout;
    }

    /**
     * Sends one request line to a worker and waits for its answer line, answering the model calls ({@code
     * {"callback": ...}} lines and loopback requests) that the request's code makes with {@code callbacks} on this
     * thread; {@code callbacks} null refuses them.
     *
     * @throws ToolException when the worker crashed, timed out or could not start, or this thread was interrupted
     */
    String call(String line, String nodeName, String source, UnaryOperator<String> callbacks) {
        if (closed) {
            throw new IllegalStateException("the python tool runner is closed");
        }
        Request request = new Request(line, nodeName, source, callbacks);
        queue.add(request);
        ensureDriver();
        try {
            while (true) {
                switch (request.inbox.take()) {
                    case Answer a -> {
                        return a.line();
                    }
                    case Failed f -> throw f.error();
                    case Callback c -> c.answer().complete(callbacks.apply(c.line()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abandon();
            throw new ToolException("node '" + nodeName + "': interrupted while waiting for the python worker", null);
        }
    }

    /** Starts a driver for every free place in the pool, each starting its worker at once instead of on demand. */
    void warmUp() {
        while (!closed) {
            int n = drivers.get();
            if (n >= size) {
                return;
            }
            if (drivers.compareAndSet(n, n + 1)) {
                Thread t = Thread.ofVirtual().name("python-driver-" + n).unstarted(() -> drive(true));
                driverThreads.add(t);
                t.start();
            }
        }
    }

    /** Starts a driver when every running one is busy and the pool has room. */
    private void ensureDriver() {
        while (idleDrivers.get() == 0 && !queue.isEmpty() && !closed) {
            int n = drivers.get();
            if (n >= size) {
                return;
            }
            if (drivers.compareAndSet(n, n + 1)) {
                Thread t = Thread.ofVirtual().name("python-driver-" + n).unstarted(() -> drive(false));
                driverThreads.add(t);
                t.start();
                return;
            }
        }
    }

    private void drive(boolean warm) {
        PythonWorker worker = null;
        List<Request> batch = new ArrayList<>();
        if (warm) {
            try {
                worker = workers.start();
            } catch (RuntimeException e) {
                // The first batch tries again and fails with the reason.
            }
        }
        try {
            while (!closed) {
                idleDrivers.incrementAndGet();
                Request first;
                try {
                    first = queue.take();
                } finally {
                    idleDrivers.decrementAndGet();
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                batch.removeIf(Request::abandoned);
                if (batch.isEmpty()) {
                    continue;
                }
                if (worker != null && !worker.isAlive()) {
                    workers.stop(worker);
                    worker = null;
                }
                if (worker == null) {
                    try {
                        worker = workers.start();
                    } catch (RuntimeException e) {
                        batch.forEach(r -> r.post(new Failed(e)));
                        continue;
                    }
                }
                if (!run(worker, batch)) {
                    workers.stop(worker);
                    worker = null;
                }
            }
        } catch (InterruptedException e) {
            // Closing.
        } finally {
            if (worker != null) {
                workers.stop(worker);
            }
            driverThreads.remove(Thread.currentThread());
            drivers.decrementAndGet();
            if (closed) {
                failQueued();
            } else {
                ensureDriver();
            }
        }
    }

    /**
     * Runs a batch on a worker; false when the worker is gone (crashed, timed out, or stopped because the caller
     * of its current request left), after the rest of the batch went back to the queue.
     */
    private boolean run(PythonWorker worker, List<Request> batch) {
        worker.beginCalls();
        int i = 0;
        try {
            worker.send(batch.size() == 1 ? batch.getFirst().line : batchMessage(batch));
            for (; i < batch.size(); i++) {
                Request r = batch.get(i);
                r.runningOn = worker;
                String answer = answer(worker, r);
                r.runningOn = null;
                r.post(new Answer(answer));
            }
            return true;
        } catch (PythonWorker.WorkerGoneException e) {
            Request r = batch.get(i);
            r.post(new Failed(new ToolException(
                    "node '" + r.nodeName + "' (" + r.source + "): " + e.getMessage()
                            + (e.timedOut() ? "" : " during the call; the next call gets a fresh worker"),
                    worker.stderrTail(),
                    !e.timedOut(),
                    e)));
            requeue(batch.subList(i + 1, batch.size()));
            return false;
        } catch (CallerGone e) {
            worker.kill();
            requeue(batch.subList(i + 1, batch.size()));
            return false;
        } finally {
            worker.endCalls();
        }
    }

    private static String batchMessage(List<Request> batch) {
        int length = 12;
        for (Request r : batch) {
            length += r.line.length() + 1;
        }
        StringBuilder b = new StringBuilder(length).append("{\"batch\": [");
        for (int i = 0; i < batch.size(); i++) {
            b.append(i == 0 ? "" : ",").append(batch.get(i).line);
        }
        return b.append("]}").toString();
    }

    /** Reads the worker's output until the answer of {@code r}, serving the model calls its code makes meanwhile. */
    private String answer(PythonWorker worker, Request r) throws PythonWorker.WorkerGoneException, CallerGone {
        while (true) {
            if (r.abandoned()) {
                throw new CallerGone();
            }
            Object item = worker.next(callTimeout);
            if (item instanceof Request) {
                continue; // a wake-up: the loop checks whether it was for r
            }
            if (item instanceof PythonWorker.LoopbackJob job) {
                forward(r, job.line(), job.answer());
                continue;
            }
            String line = (String) item;
            if (!line.startsWith(PythonWorker.CALLBACK_PREFIX)) {
                return line;
            }
            CompletableFuture<String> reply = new CompletableFuture<>();
            forward(r, line, reply);
            try {
                worker.send(reply.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PythonWorker.WorkerGoneException("interrupted while a model call was pending", false);
            } catch (ExecutionException e) {
                worker.send(CALLER_GONE);
            }
        }
    }

    private static void forward(Request r, String line, CompletableFuture<String> answer) {
        if (r.callbacks == null) {
            answer.complete(NO_CALLBACKS);
        } else if (!r.post(new Callback(line, answer))) {
            answer.complete(CALLER_GONE);
        }
    }

    private void requeue(List<Request> rest) {
        for (int j = rest.size() - 1; j >= 0; j--) {
            Request r = rest.get(j);
            if (!r.abandoned()) {
                queue.addFirst(r);
            }
        }
        ensureDriver();
    }

    private void failQueued() {
        for (Request r; (r = queue.poll()) != null; ) {
            r.post(new Failed(new IllegalStateException("the python tool runner is closed")));
        }
    }

    /** Stops the drivers (a request running fails) and fails the requests still waiting. */
    @Override
    public void close() {
        closed = true;
        driverThreads.forEach(Thread::interrupt);
        failQueued();
    }

    private sealed interface Message permits Answer, Failed, Callback {}

    private record Answer(String line) implements Message {}

    private record Failed(RuntimeException error) implements Message {}

    private record Callback(String line, CompletableFuture<String> answer) implements Message {}

    private static final class CallerGone extends Exception {
        CallerGone() {
            super(null, null, false, false);
        }
    }

    /** One request and the thread waiting for its answer. */
    private static final class Request {
        final String line;
        final String nodeName;
        final String source;
        final UnaryOperator<String> callbacks;
        final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        volatile PythonWorker runningOn;
        private boolean abandoned;

        Request(String line, String nodeName, String source, UnaryOperator<String> callbacks) {
            this.line = line;
            this.nodeName = nodeName;
            this.source = source;
            this.callbacks = callbacks;
        }

        /** Hands a message to the caller; false when it has left. */
        synchronized boolean post(Message m) {
            if (abandoned) {
                if (m instanceof Callback c) {
                    c.answer().complete(CALLER_GONE);
                }
                return false;
            }
            inbox.add(m);
            return true;
        }

        synchronized boolean abandoned() {
            return abandoned;
        }

        /** The caller leaves: pending model calls are refused, and a worker running this request is woken. */
        void abandon() {
            synchronized (this) {
                abandoned = true;
                for (Message m; (m = inbox.poll()) != null; ) {
                    if (m instanceof Callback c) {
                        c.answer().complete(CALLER_GONE);
                    }
                }
            }
            PythonWorker w = runningOn;
            if (w != null) {
                w.wake(this);
            }
        }
    }
}
