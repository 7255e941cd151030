package dev.llmops.run.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.StateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * The embedded run store: one directory per run under {@code <use case>/.llmops/runs} holding {@code run.json},
 * {@code inputs.jsonl}, {@code outputs.jsonl}, {@code errors.jsonl} and {@code metrics.json}. Safe against a
 * killed process: {@code run.json} is replaced atomically, line files are append-only and a torn tail is
 * discarded on resume.
 */
public final class RunStore {

    public static final String RUN_JSON = "run.json";
    public static final String INPUTS = "inputs.jsonl";
    public static final String OUTPUTS = "outputs.jsonl";
    public static final String ERRORS = "errors.jsonl";
    public static final String METRICS = "metrics.json";
    public static final String LATEST = "latest";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private final Path root;
    private final ObjectMapper mapper = StoreJson.mapper();
    private final RandomGenerator random;

    public RunStore(Path root, RandomGenerator random) {
        this.root = root.toAbsolutePath().normalize();
        this.random = random;
    }

    public RunStore(Path root) {
        this(root, new java.security.SecureRandom());
    }

    /** {@code <use case>/.llmops/runs}, the default location. */
    public static Path defaultDir(Path useCase) {
        return useCase.resolve(".llmops").resolve("runs");
    }

    public Path root() {
        return root;
    }

    /**
     * The folder of a run. Every path the store reads, writes or deletes comes from here, so from a run's folder
     * name (or a name we made), never from what a file says: a name that is not one plain folder name under the
     * store is refused.
     */
    public Path dir(String runName) {
        if (!isPlainName(runName)) {
            throw new StateException("'" + runName + "' is not a run name (a run name is one folder name in " + root
                    + ", without / or \\); 'llmops runs list' shows the runs");
        }
        return root.resolve(runName);
    }

    private boolean isPlainName(String name) {
        if (name == null
                || name.isBlank()
                || name.equals(".")
                || name.equals("..")
                || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0) {
            return false;
        }
        try {
            Path resolved = root.resolve(name).normalize();
            return root.equals(resolved.getParent()) && !Path.of(name).isAbsolute();
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** {@code <experiment>_<variant or default>_<dataset>_<UTC yyyyMMdd_HHmmss>_<short id>}, safe as a directory. */
    public String newRunName(String experiment, String variantLabel, String dataset, Instant at) {
        String prefix =
                safe(experiment) + "_" + safe(variantLabel) + "_" + safe(dataset) + "_" + STAMP.format(at) + "_";
        String name;
        do {
            name = prefix
                    + Integer.toHexString(0x100000 | random.nextInt(0x100000)).substring(1);
        } while (Files.exists(dir(name)));
        return name;
    }

    private static String safe(String part) {
        return part.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Creates the run directory and its files, and writes {@code run.json}. */
    public RunWriter create(RunRecord record) {
        Path dir = dir(record.name());
        try {
            Files.createDirectories(root);
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new StateException("run " + record.name() + " already exists in " + root, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + dir, e);
        }
        save(record);
        return new RunWriter(dir, mapper);
    }

    /** Reopens a run's line files for appending (resume). Call {@link #prepareResume} first. */
    public RunWriter reopen(String runName) {
        return new RunWriter(writableDir(load(runName).name()), mapper);
    }

    /** A run folder to write into: a link in its place would send the writes elsewhere, so it is refused. */
    private Path writableDir(String runName) {
        Path dir = dir(runName);
        if (Files.isSymbolicLink(dir)) {
            throw StoreFiles.linkRefused(dir);
        }
        return dir;
    }

    /** Replaces {@code run.json} atomically. */
    public void save(RunRecord record) {
        writeAtomically(writableDir(record.name()).resolve(RUN_JSON), record);
    }

    public void saveMetrics(String runName, Map<String, Object> metrics) {
        writeAtomically(writableDir(runName).resolve(METRICS), metrics);
    }

    private void writeAtomically(Path file, Object value) {
        try {
            StoreFiles.replace(file, out -> mapper.writerWithDefaultPrettyPrinter()
                    .without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .writeValue(out, value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Whether the store holds a run of this name (not {@code latest}). */
    public boolean has(String runName) {
        return isPlainName(runName) && Files.isRegularFile(dir(runName).resolve(RUN_JSON));
    }

    /** Loads a run by name or {@code latest}; unknown names are a {@link StateException} listing what exists. */
    public RunRecord load(String nameOrLatest) {
        if (LATEST.equals(nameOrLatest)) {
            return list().stream()
                    .findFirst()
                    .orElseThrow(() -> new StateException("no runs in " + root + "; run an experiment first"));
        }
        Path file = dir(nameOrLatest).resolve(RUN_JSON);
        if (nameOrLatest.isBlank() || nameOrLatest.contains("/") || !Files.isRegularFile(file)) {
            throw new StateException("no run named '" + nameOrLatest + "' in " + root
                    + "; 'llmops runs list' shows the runs" + nearby(nameOrLatest));
        }
        return read(file);
    }

    private String nearby(String name) {
        List<String> similar = list().stream()
                .map(RunRecord::name)
                .filter(n -> n.startsWith(name) || name.startsWith(n.substring(0, Math.min(n.length(), 8))))
                .limit(3)
                .toList();
        return similar.isEmpty() ? "" : " (did you mean " + String.join(", ", similar) + "?)";
    }

    private RunRecord read(Path file) {
        try {
            // The folder names the run, whatever run.json says: a name read from a file never becomes a path.
            String folder = file.getParent().getFileName().toString();
            RunRecord stored = mapper.readValue(file.toFile(), RunRecord.class);
            RunRecord r = folder.equals(stored.name())
                    ? stored
                    : stored.toBuilder().name(folder).build();
            if (r.formatVersion() > RunRecord.FORMAT) {
                throw new StateException(file + " was written by a newer llmops (format " + r.formatVersion()
                        + "); upgrade llmops to read it");
            }
            // The lock dies with its holder, and so does the process named in run.json: Running is only true while
            // it lives. Stores of older versions name no process and stay as written.
            if (r.status() == RunStatus.Running
                    && r.process() != null
                    && !r.process().alive()) {
                return r.toBuilder().status(RunStatus.Interrupted).build();
            }
            return r;
        } catch (IOException e) {
            throw new StateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every run, newest first. Directories without a readable {@code run.json} are skipped. */
    public List<RunRecord> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<RunRecord> runs = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                Path file = d.resolve(RUN_JSON);
                if (Files.isRegularFile(file)) {
                    try {
                        runs.add(read(file));
                    } catch (StateException e) {
                        // A half-deleted or foreign directory must not hide the other runs.
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        runs.sort(Comparator.comparing(RunRecord::created, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(RunRecord::name, Comparator.reverseOrder()));
        return runs;
    }

    /** The runs started together with the given run (or with the latest one), in creation order. */
    public List<RunRecord> batch(String nameOrLatest) {
        RunRecord anchor = load(nameOrLatest);
        List<RunRecord> runs = new ArrayList<>(list().stream()
                .filter(r -> anchor.batch() != null && anchor.batch().equals(r.batch()))
                .toList());
        if (runs.isEmpty()) {
            runs.add(anchor);
        }
        runs.sort(Comparator.comparing(RunRecord::created, Comparator.nullsFirst(Comparator.naturalOrder())));
        return runs;
    }

    /** Deletes a run and everything in it. */
    public void delete(String name) {
        if (LATEST.equals(name)) {
            throw new StateException("refusing to delete 'latest'; name the run ('llmops runs list' shows them)");
        }
        load(name); // it must be a run
        // Links inside are deleted as links; a run folder that is itself a link loses only the link.
        Path dir = dir(name);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /**
     * Makes an interrupted run consistent before it continues: discards torn last lines of the line files and
     * returns which lines are done.
     */
    public ResumeState prepareResume(String runName) {
        Path dir = writableDir(load(runName).name());
        try {
            long torn = JsonlFile.discardTornTail(dir.resolve(OUTPUTS), mapper);
            torn += JsonlFile.discardTornTail(dir.resolve(INPUTS), mapper);
            torn += JsonlFile.discardTornTail(dir.resolve(ERRORS), mapper);
            BitSet ok = new BitSet();
            BitSet failed = new BitSet();
            for (LineRecord r : lines(runName)) {
                (r.failed() ? failed : ok).set(r.lineNumber());
                (r.failed() ? ok : failed).clear(r.lineNumber());
            }
            return new ResumeState(ok, failed, torn);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + " for resume", e);
        }
    }

    /**
     * Leaves each line once, in line order, in {@code outputs.jsonl}, {@code inputs.jsonl} and
     * {@code errors.jsonl}: the latest attempt of each line wins. Afterwards the files look as if the run had
     * never been interrupted.
     *
     * @return the statistics of the compacted lines (what {@link #stats} would say next)
     */
    public LineStats compact(String runName) {
        Path dir = writableDir(runName);
        try {
            Map<Integer, JsonlFile.Slot> outputs = JsonlFile.index(dir.resolve(OUTPUTS), mapper);
            JsonlFile.compact(dir.resolve(OUTPUTS), outputs, line -> true);
            Map<Integer, JsonlFile.Slot> inputs = JsonlFile.index(dir.resolve(INPUTS), mapper);
            JsonlFile.compact(dir.resolve(INPUTS), inputs, outputs::containsKey);
            // errors.jsonl is derived: the failures among the final records. The same pass counts the lines.
            LineStats stats = new LineStats();
            Path errors = dir.resolve(ERRORS);
            StoreFiles.replace(errors, stream -> {
                var out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8));
                scan(dir.resolve(OUTPUTS), (facts, bytes) -> {
                    facts.addTo(stats);
                    if (facts.failed()) {
                        out.write(mapper.writeValueAsString(
                                RunWriter.errorEntry(mapper.readValue(bytes, LineRecord.class))));
                        out.write('\n');
                    }
                });
                out.flush();
            });
            return stats;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact " + dir, e);
        }
    }

    /**
     * Streams the records of {@code outputs.jsonl} in file order (after {@link #compact}: each line once, in line
     * order). An unterminated last line is skipped.
     */
    public Iterable<LineRecord> lines(String runName) {
        Path file = dir(runName).resolve(OUTPUTS);
        return () -> new RecordIterator<>(file, LineRecord.class);
    }

    /**
     * Streams the records of {@code inputs.jsonl} in file order (after {@link #compact}: each line once, in line
     * order, only lines that have an output). An unterminated last line is skipped.
     */
    public Iterable<LineInputs> inputs(String runName) {
        Path file = dir(runName).resolve(INPUTS);
        return () -> new RecordIterator<>(file, LineInputs.class);
    }

    /**
     * Statistics over the distinct lines of a run (latest attempt of each), also for an interrupted run. One pass
     * over {@code outputs.jsonl}, keeping a few numbers per line, never the outputs.
     */
    public LineStats stats(String runName) {
        Map<Integer, LineFacts> latest = new java.util.HashMap<>();
        Path file = dir(runName).resolve(OUTPUTS);
        try {
            scan(file, (facts, bytes) -> latest.put(facts.lineNumber(), facts));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        LineStats stats = new LineStats();
        latest.values().forEach(f -> f.addTo(stats));
        return stats;
    }

    private interface RecordVisitor {
        void visit(LineFacts facts, byte[] record) throws IOException;
    }

    /** Visits each complete record of a line file in file order; a torn unterminated tail is skipped. */
    private void scan(Path file, RecordVisitor visitor) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (LineScanner scanner = new LineScanner(FileChannel.open(file, StandardOpenOption.READ))) {
            LineScanner.Line line;
            while ((line = scanner.next()) != null) {
                if (line.bytes().length == 0) {
                    continue;
                }
                LineFacts facts;
                try {
                    facts = LineFacts.read(mapper, line.bytes());
                } catch (IOException e) {
                    throw new StateException("corrupt record in " + file + " at byte " + line.offset() + ": "
                            + e.getMessage() + "; resume the run to repair it or delete the run");
                }
                visitor.visit(facts, line.bytes());
            }
        }
    }

    /**
     * The run's time so far, all segments: for an {@link RunStatus#Interrupted} run the stored duration (at its last
     * checkpoint) plus the time it kept finishing lines after that checkpoint, up to its last written line.
     */
    public long durationSoFar(RunRecord run) {
        long stored = run.durationMs() == null ? 0 : run.durationMs();
        if (run.status() != RunStatus.Interrupted) {
            return stored;
        }
        try {
            Path dir = dir(run.name());
            Path outputs = dir.resolve(OUTPUTS);
            if (!Files.exists(outputs)) {
                return stored;
            }
            long lastLine = Files.getLastModifiedTime(outputs).toMillis();
            long checkpoint = Files.getLastModifiedTime(dir.resolve(RUN_JSON)).toMillis();
            return stored + Math.max(0, lastLine - checkpoint);
        } catch (IOException e) {
            return stored;
        }
    }

    /**
     * The distinct error messages of a run's failed lines (the latest attempt of each line), most frequent first,
     * each with its count and first failing line.
     */
    public List<ErrorGroup> errorGroups(String runName) {
        Map<Integer, ErrorEntry> latest = new java.util.TreeMap<>();
        Path file = dir(runName).resolve(ERRORS);
        Iterator<ErrorEntry> entries = new RecordIterator<>(file, ErrorEntry.class);
        entries.forEachRemaining(e -> latest.put(e.lineNumber(), e));
        Map<String, int[]> counts = new java.util.LinkedHashMap<>();
        Map<String, ErrorEntry> first = new java.util.HashMap<>();
        for (ErrorEntry e : latest.values()) {
            String message = e.message() == null ? "(no message)" : e.message();
            counts.computeIfAbsent(message, m -> new int[1])[0]++;
            first.putIfAbsent(message, e);
        }
        List<ErrorGroup> groups = new ArrayList<>();
        counts.forEach((message, n) -> groups.add(new ErrorGroup(
                message,
                n[0],
                first.get(message).lineNumber(),
                first.get(message).node())));
        groups.sort(Comparator.comparingInt(ErrorGroup::count).reversed().thenComparingInt(ErrorGroup::firstLine));
        return groups;
    }

    /** One line of {@code errors.jsonl}. */
    record ErrorEntry(int lineNumber, String node, String message) {}

    /** Reads {@code metrics.json}, empty when the run has none. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> metrics(String runName) {
        Path file = dir(runName).resolve(METRICS);
        try {
            return Files.exists(file) ? mapper.readValue(file.toFile(), Map.class) : Map.of();
        } catch (IOException e) {
            throw new StateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * What is already done in a run.
     *
     * @param completed lines whose latest record succeeded
     * @param failed lines whose latest record failed
     * @param discardedBytes bytes of torn records removed
     */
    public record ResumeState(BitSet completed, BitSet failed, long discardedBytes) {
        public boolean done(int line, boolean retryFailed) {
            return completed.get(line) || (!retryFailed && failed.get(line));
        }
    }

    private final class RecordIterator<T> implements Iterator<T> {
        private final Path file;
        private final Class<T> type;
        private final LineScanner scanner;
        private T next;

        RecordIterator(Path file, Class<T> type) {
            this.file = file;
            this.type = type;
            try {
                scanner = Files.exists(file) ? new LineScanner(FileChannel.open(file, StandardOpenOption.READ)) : null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (scanner == null) {
                return false;
            }
            LineScanner.Line line = null;
            try {
                do {
                    line = scanner.next();
                } while (line != null && line.bytes().length == 0);
                if (line == null) {
                    scanner.close();
                    return false; // the end, or a torn unterminated tail
                }
                next = mapper.readValue(line.bytes(), type);
                return true;
            } catch (IOException e) {
                throw new StateException(
                        "corrupt record in " + file + " at byte " + (line == null ? 0 : line.offset()) + ": "
                                + e.getMessage() + "; resume the run to repair it or delete the run",
                        e);
            }
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T r = next;
            next = null;
            return r;
        }
    }
}
