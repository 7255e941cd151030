package dev.llmops.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code llmops serve} was asked on its command line; environment variables are laid over it by {@link
 * ServeSettings#of}.
 *
 * @param host the address to bind ({@code localhost}, {@code 0.0.0.0}, ...)
 * @param port the port; 0 picks a free one
 * @param keysFile a file of accepted keys, one per line; null when keys come from {@code LLMOPS_SERVE_KEYS} only
 * @param maxRequestBytes the largest request body accepted; larger ones get 413
 * @param requestTimeout how long one {@code /score} may take; longer ones get 504
 * @param maxConcurrency how many {@code /score} requests run at once; more get 429; 0 takes {@code
 *     PROMPTFLOW_WORKER_NUM}, else {@link #DEFAULT_CONCURRENCY}
 * @param drainTimeout how long a SIGTERM waits for requests in flight
 * @param version the llmops version {@code /health} and {@code /version} report
 * @param requestLog where and how each {@code /score} with inputs is logged as a {@link
 *     dev.llmops.dataops.RequestLog} record (answered or not); null for no request log
 */
public record ServeOptions(
        String host,
        int port,
        Path keysFile,
        long maxRequestBytes,
        Duration requestTimeout,
        int maxConcurrency,
        Duration drainTimeout,
        String version,
        RequestLogOptions requestLog) {

    public static final int DEFAULT_CONCURRENCY = 1024;
    public static final long DEFAULT_MAX_REQUEST_BYTES = 4L * 1024 * 1024;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(300);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    public ServeOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(version, "version");
    }

    public static ServeOptions defaults(String version) {
        return new ServeOptions(
                "localhost",
                8080,
                null,
                DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_REQUEST_TIMEOUT,
                0,
                DEFAULT_DRAIN_TIMEOUT,
                version,
                null);
    }
}
