package dev.llmops.run;

import dev.llmops.error.ConfigException;

/**
 * {@code --max-failed-lines}: how many failed lines a run may have and still pass, as a count ({@code 5}) or a
 * share of the run's lines ({@code 2%}). The default, zero, fails a run on its first failed line.
 */
public record FailureTolerance(long count, double percent) {

    public static final FailureTolerance NONE = new FailureTolerance(0, -1);

    public static FailureTolerance parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        String t = text.strip();
        try {
            if (t.endsWith("%")) {
                double p = Double.parseDouble(t.substring(0, t.length() - 1).strip());
                if (p < 0 || p > 100) {
                    throw new NumberFormatException();
                }
                return new FailureTolerance(-1, p);
            }
            long n = Long.parseLong(t);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return new FailureTolerance(n, -1);
        } catch (NumberFormatException e) {
            throw ConfigException.of(
                    "--max-failed-lines: '" + text + "' is neither a count nor a percentage",
                    "use a whole number (e.g. 5) or a percentage (e.g. 2%)");
        }
    }

    /** Whether {@code failed} of {@code total} lines is within the tolerance. */
    public boolean allows(long failed, long total) {
        if (failed == 0) {
            return true;
        }
        if (percent >= 0) {
            return total > 0 && failed * 100.0 / total <= percent;
        }
        return failed <= count;
    }

    @Override
    public String toString() {
        return percent >= 0 ? percent + "%" : Long.toString(count);
    }
}
