package dev.llmops.serve;

import dev.llmops.dataops.RequestLog;
import dev.llmops.secret.SecretMasker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The request log of one server ({@code --log-requests FILE}): a {@link RequestLog} record for each sampled {@code
 * /score}, holding the inputs and outputs only with {@code --log-request-bodies} (else metadata only), every string
 * that holds a known secret masked. The file is rotated once it reaches the size cap: renamed to {@code
 * <name>-<yyyyMMdd'T'HHmmssSSS'Z'><ext>} beside it, so that the rotated files of {@code requests.jsonl} are {@code
 * *.jsonl} too and sort, by name, before it and in the order they were written ({@code llmops eval --from-logs DIR}
 * reads them so); only the newest {@code keep} rotated files are kept. Only files of that exact name pattern are
 * ever deleted. Thread-safe.
 *
 * <p>A log that cannot be written does not fail the request it records: the failure is reported on the server's
 * log and the request answered.
 */
final class RequestLogger implements AutoCloseable {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final RequestLogOptions options;
    private final SecretMasker masker;
    private final Clock clock;
    private final Consumer<String> warn;
    private final Path file;
    private final String stem;
    private final String ext;
    private final Pattern rotatedName;
    private RequestLog out;
    private long size;

    /**
     * Opens the log, rotating it first when it is already at its size cap.
     *
     * @param warn told of a write or rotation that failed
     * @throws UncheckedIOException when the file cannot be opened
     */
    RequestLogger(RequestLogOptions options, SecretMasker masker, Clock clock, Consumer<String> warn) {
        this.options = options;
        this.masker = masker;
        this.clock = clock;
        this.warn = warn;
        this.file = options.file().toAbsolutePath();
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        this.stem = dot > 0 ? name.substring(0, dot) : name;
        this.ext = dot > 0 ? name.substring(dot) : "";
        this.rotatedName = Pattern.compile(Pattern.quote(stem) + "-[0-9]{8}T[0-9]{9}Z" + Pattern.quote(ext));
        try {
            this.size = Files.isRegularFile(file) ? Files.size(file) : 0;
            if (full()) {
                rotateFile();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate the request log " + file + ": " + e.getMessage(), e);
        }
        this.out = RequestLog.append(file);
    }

    /** Whether the request with this id is logged: all of them, or the sampled share, decided by the id. */
    boolean sampled(String id) {
        if (options.sample() >= 1) {
            return true;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            double u = (ByteBuffer.wrap(digest).getLong() >>> 11) / (double) (1L << 53);
            return u < options.sample();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Logs one request when it is sampled.
     *
     * @param outputs what the response held; empty when it was not answered
     * @param error why it was not answered; null when it was
     */
    void log(String id, int status, Map<String, Object> inputs, Map<String, Object> outputs, String error) {
        if (!sampled(id)) {
            return;
        }
        Instant now = clock.instant();
        String reason = error == null ? null : masker.mask(error);
        RequestLog.Record record = options.bodies()
                ? new RequestLog.Record(id, now, status, masked(inputs), masked(outputs), reason)
                : RequestLog.Record.metadata(id, now, status, reason);
        synchronized (this) {
            try {
                size += out.write(record);
                if (full()) {
                    out.close();
                    rotateFile();
                    out = RequestLog.append(file);
                }
            } catch (IOException | UncheckedIOException e) {
                warn.accept("llmops serve: request log " + file + ": " + e.getMessage());
            }
        }
    }

    private boolean full() {
        return options.maxBytes() > 0 && size >= options.maxBytes();
    }

    /** Renames the file after the time (a later name for each rotation), then deletes the oldest beyond keep. */
    private void rotateFile() throws IOException {
        Instant at = clock.instant();
        Path target = file.resolveSibling(stem + "-" + STAMP.format(at) + ext);
        while (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            at = at.plusMillis(1);
            target = file.resolveSibling(stem + "-" + STAMP.format(at) + ext);
        }
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        size = 0;
        List<Path> rotated = new ArrayList<>();
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            siblings.filter(p -> rotatedName.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted()
                    .forEach(rotated::add);
        }
        for (int i = 0; i < rotated.size() - options.keep(); i++) {
            Files.delete(rotated.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private Object masked(Object value) {
        return switch (value) {
            case String s -> masker.mask(s);
            case Map<?, ?> m -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                m.forEach((k, v) -> copy.put(String.valueOf(k), masked(v)));
                yield copy;
            }
            case List<?> l -> l.stream().map(this::masked).toList();
            case null -> null;
            default -> value;
        };
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> masked(Map<String, Object> map) {
        return (Map<String, Object>) masked((Object) map);
    }

    @Override
    public synchronized void close() {
        out.close();
    }
}
