package dev.llmops.eval;

import dev.llmops.error.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** How many of the logged requests {@code --from-logs} evaluates: all, a number of them, or a fraction. */
public sealed interface LogSample permits LogSample.All, LogSample.Count, LogSample.Fraction {

    /** Every request in the window. */
    record All() implements LogSample {}

    /** At most {@code n} requests. */
    record Count(int n) implements LogSample {
        public Count {
            if (n < 1) {
                throw new IllegalArgumentException("n must be at least 1: " + n);
            }
        }
    }

    /** This share of the requests (at least one), {@code 0 < share < 1}. */
    record Fraction(double share) implements LogSample {
        public Fraction {
            if (!(share > 0 && share < 1)) {
                throw new IllegalArgumentException("share must be in (0, 1): " + share);
            }
        }
    }

    /**
     * Parses {@code --sample}: a whole number of requests ({@code 200}), a fraction ({@code 0.1}) or a percentage
     * ({@code 10%}); null or blank is {@link All}.
     *
     * @throws ConfigException for anything else
     */
    static LogSample parse(String text) {
        if (text == null || text.isBlank()) {
            return new All();
        }
        String value = text.strip();
        String hint = "give a number of requests (--sample 200), a fraction (--sample 0.1) or a percentage"
                + " (--sample 10%)";
        try {
            if (value.endsWith("%")) {
                double percent = Double.parseDouble(value.substring(0, value.length() - 1));
                if (percent == 100) {
                    return new All();
                }
                return new Fraction(percent / 100);
            }
            if (value.matches("\\d+")) {
                return new Count(Integer.parseInt(value));
            }
            double share = Double.parseDouble(value);
            return share == 1 ? new All() : new Fraction(share);
        } catch (IllegalArgumentException e) {
            throw ConfigException.of(
                    "--sample " + text + " is not a number of requests, a fraction or a percentage", hint);
        }
    }

    /**
     * The positions (ascending) of the {@code total} requests to keep, drawn without replacement by a generator
     * seeded with {@code seed}, so the same seed over the same log picks the same requests.
     */
    default List<Integer> pick(int total, long seed) {
        int keep =
                switch (this) {
                    case All a -> total;
                    case Count c -> Math.min(c.n(), total);
                    case Fraction f -> (int) Math.max(1, Math.round(f.share() * total));
                };
        List<Integer> positions = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            positions.add(i);
        }
        if (keep >= total) {
            return positions;
        }
        // A partial Fisher-Yates shuffle: the first `keep` slots become a uniform sample.
        Random random = new Random(seed);
        for (int i = 0; i < keep; i++) {
            int j = i + random.nextInt(total - i);
            Integer swap = positions.get(i);
            positions.set(i, positions.get(j));
            positions.set(j, swap);
        }
        List<Integer> chosen = new ArrayList<>(positions.subList(0, keep));
        chosen.sort(null);
        return chosen;
    }
}
