package dev.llmops.llm.http;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads how long a server asked us to wait: {@code retry-after-ms} (Azure OpenAI, milliseconds) wins over
 * {@code Retry-After} (seconds or an HTTP-date, RFC 9110).
 */
final class RetryAfter {

    private RetryAfter() {}

    /** Milliseconds to wait, or -1 when the headers say nothing usable. */
    static long millis(HttpHeaders headers, Clock clock) {
        var ms = headers.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Math.max(0, Math.round(Double.parseDouble(ms.get().trim())));
            } catch (NumberFormatException e) {
                // fall through to Retry-After: a garbled header must not turn a retry into a failure
            }
        }
        return headers.firstValue("retry-after")
                .map(v -> parseRetryAfter(v.trim(), clock))
                .orElse(-1L);
    }

    static long parseRetryAfter(String value, Clock clock) {
        try {
            return Math.max(0, Math.round(Double.parseDouble(value) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(
                        0, Duration.between(clock.instant(), at.toInstant()).toMillis());
            } catch (DateTimeParseException notADate) {
                return -1;
            }
        }
    }
}
