package dev.llmops.eval;

import dev.llmops.error.ConfigException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code llmops eval --from-logs}: evaluate the requests a served flow answered instead of stored runs.
 *
 * @param source the request log: a file or a folder of them, as {@code llmops serve --log-requests} writes
 * @param since the first instant to take (inclusive), or null for the log's start
 * @param until the instant to stop at (exclusive), or null for the log's end
 * @param sample how many of the requests in the window to evaluate
 * @param seed the seed of the sample, or null to draw one (it is printed, so a sample can be repeated)
 * @param dataset the standard dataset the requests stand for (its evaluators run), or null for the first one an
 *     evaluator applies to
 */
public record LogEvaluation(String source, Instant since, Instant until, LogSample sample, Long seed, String dataset) {

    private static final Pattern AGO = Pattern.compile("(\\d+)\\s*([smhdw])");

    public LogEvaluation {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sample, "sample");
        if (since != null && until != null && !since.isBefore(until)) {
            throw ConfigException.of(
                    "--since " + since + " is not before --until " + until, "give a window that starts before it ends");
        }
    }

    /** Whether a request answered at {@code time} lies in the window. */
    public boolean covers(Instant time) {
        return (since == null || !time.isBefore(since)) && (until == null || time.isBefore(until));
    }

    /**
     * Parses a {@code --since}/{@code --until} value: an instant ({@code 2026-12-02T10:00:00Z}, or with an offset),
     * a date-time or date in UTC ({@code 2026-12-02T10:00}, {@code 2026-12-02}), or a time back from {@code now}
     * ({@code 30m}, {@code 24h}, {@code 7d}, {@code 2w}); null or blank is null.
     *
     * @throws ConfigException naming the option for anything else
     */
    public static Instant time(String option, String text, Instant now) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        Matcher ago = AGO.matcher(value.toLowerCase(Locale.ROOT));
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            Duration unit =
                    switch (ago.group(2)) {
                        case "s" -> Duration.ofSeconds(1);
                        case "m" -> Duration.ofMinutes(1);
                        case "h" -> Duration.ofHours(1);
                        case "d" -> Duration.ofDays(1);
                        default -> Duration.ofDays(7);
                    };
            return now.minus(unit.multipliedBy(n));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw ConfigException.of(
                            option + " " + text + " is not a time",
                            "give an instant (2026-12-02T10:00:00Z), a UTC date (2026-12-02) or a time back from now"
                                    + " (30m, 24h, 7d)");
                }
            }
        }
    }
}
