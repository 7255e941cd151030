package dev.llmops.run.progress;

import java.util.Locale;

/** Number and duration formatting shared by the renderers. */
final class Format {

    private Format() {}

    static String duration(long millis) {
        if (millis < 0) {
            return "?";
        }
        long s = millis / 1000;
        if (s < 60) {
            return millis < 10_000 ? String.format(Locale.ROOT, "%.1fs", millis / 1000.0) : s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** Latencies: milliseconds below a second, where the precision matters. */
    static String latency(long millis) {
        return millis < 1000 ? millis + "ms" : duration(millis);
    }

    static String count(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        if (n < 10_000_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1000.0);
        }
        return String.format(Locale.ROOT, "%.1fM", n / 1_000_000.0);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f/s", perSecond);
    }
}
