package dev.llmops.azure;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** {@code Retry-After}: delay seconds or an HTTP-date (RFC 9110), capped at ten minutes. */
final class RetryAfter {

    private static final Duration CAP = Duration.ofMinutes(10);

    private RetryAfter() {}

    static Optional<Duration> parse(String value, Clock clock) {
        String v = value.strip();
        Duration d;
        try {
            d = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                d = Duration.between(clock.instant(), at.toInstant());
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        return Optional.of(d.compareTo(CAP) > 0 ? CAP : d);
    }
}
