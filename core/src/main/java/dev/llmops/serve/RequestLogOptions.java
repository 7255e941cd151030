package dev.llmops.serve;

import dev.llmops.error.ConfigException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@code llmops serve} keeps its request log.
 *
 * @param file the file written now; rotated files sit beside it
 * @param bodies true: each record holds the request's inputs and the response's outputs; false: metadata only (id,
 *     time, status, error), which {@code llmops eval --from-logs} cannot evaluate
 * @param sample the share of requests logged, in (0, 1]; which ones is decided by the request id, so a caller's
 *     request is logged by every replica or by none
 * @param maxBytes the size at which the file is rotated; 0 never rotates
 * @param keep how many rotated files are kept; older ones are deleted
 */
public record RequestLogOptions(Path file, boolean bodies, double sample, long maxBytes, int keep) {

    public static final String DEFAULT_MAX_SIZE = "100MB";
    public static final int DEFAULT_KEEP = 5;

    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*(|B|KB|KIB|K|MB|MIB|M|GB|GIB|G)");

    /**
     * @throws ConfigException naming the option that is out of range
     */
    public RequestLogOptions {
        Objects.requireNonNull(file, "file");
        if (!(sample > 0 && sample <= 1)) {
            throw ConfigException.of(
                    "--request-log-sample " + sample + " is not a share of requests",
                    "give a number above 0 and at most 1, e.g. 0.1 to log one request in ten");
        }
        if (maxBytes < 0) {
            throw ConfigException.of(
                    "--request-log-max-size is negative", "give a size such as 100MB, or 0 to never rotate");
        }
        if (keep < 0) {
            throw ConfigException.of(
                    "--request-log-keep " + keep + " is negative",
                    "give how many rotated files to keep, e.g. " + DEFAULT_KEEP);
        }
    }

    /**
     * A size as people write it: {@code 1048576}, {@code 512KB}, {@code 100MB}, {@code 1GiB} (K, M and G are
     * powers of 1024).
     *
     * @throws ConfigException when it is not one
     */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw ConfigException.of(
                    "--request-log-max-size '" + text + "' is not a size",
                    "write e.g. 100MB, 512KB, 1GB or a number of bytes; 0 never rotates");
        }
        long unit =
                switch (m.group(2)) {
                    case "KB", "KIB", "K" -> 1L << 10;
                    case "MB", "MIB", "M" -> 1L << 20;
                    case "GB", "GIB", "G" -> 1L << 30;
                    default -> 1L;
                };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw ConfigException.of("--request-log-max-size '" + text + "' is too large", "write e.g. 100MB");
        }
    }
}
