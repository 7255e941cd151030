package dev.llmops.secret;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Knows every secret value resolved in this process and replaces it with {@code ***} in any text about to be
 * printed, logged or written. Thread-safe. Values shorter than 4 characters are not masked: they would mangle
 * ordinary text and are not credible secrets.
 */
public final class SecretMasker {

    public static final String MASK = "***";

    private final Set<String> secrets = new CopyOnWriteArraySet<>();

    public void register(String value) {
        if (value != null && value.length() >= 4) {
            secrets.add(value);
        }
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    public String mask(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        // Longest first, so a secret containing another is masked whole.
        List<String> ordered = secrets.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        String out = text;
        for (String s : ordered) {
            out = out.replace(s, MASK);
        }
        return out;
    }
}
