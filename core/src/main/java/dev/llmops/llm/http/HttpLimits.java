package dev.llmops.llm.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What one attempt may cost: how long it may take from sending the request to the last byte of the answer, and
 * how large the answer may be.
 *
 * @param requestTimeout bounds the whole response (headers and body), from {@code request_timeout_seconds}
 * @param maxResponseBytes the largest response body accepted, from {@code max_response_mb}
 */
public record HttpLimits(Duration requestTimeout, long maxResponseBytes) {

    /**
     * 4 MiB: a chat completion of the longest answers today is well under 1 MiB, and sixteen lines in flight, each
     * holding a capped body about three times over (bytes, text, parsed JSON), stay within the launcher's 256 MiB
     * heap.
     */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 4L * 1024 * 1024;

    /** 1 GiB: a body is held in one array, and anything near that size is not a chat completion. */
    public static final long MAX_RESPONSE_BYTES_CEILING = 1024L * 1024 * 1024;

    public HttpLimits {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
        if (maxResponseBytes <= 0 || maxResponseBytes > MAX_RESPONSE_BYTES_CEILING) {
            throw new IllegalArgumentException(
                    "maxResponseBytes must be between 1 and " + MAX_RESPONSE_BYTES_CEILING + ": " + maxResponseBytes);
        }
    }

    /** The timeout with the default body cap. */
    public static HttpLimits of(Duration requestTimeout) {
        return new HttpLimits(requestTimeout, DEFAULT_MAX_RESPONSE_BYTES);
    }

    /** A size for messages: {@code 4 MB}, {@code 1.5 MB} or {@code 512 KB} (powers of 1024). */
    static String describe(long bytes) {
        if (bytes >= 1024L * 1024) {
            return trim(bytes / (1024.0 * 1024)) + " MB";
        }
        if (bytes >= 1024) {
            return trim(bytes / 1024.0) + " KB";
        }
        return bytes + " bytes";
    }

    private static String trim(double value) {
        String s = String.format(java.util.Locale.ROOT, "%.1f", value);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
