package dev.llmops.eval.metric;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code rouge_score} default tokenizer: lowercase, every run of characters outside {@code [a-z0-9]} becomes a
 * space, split on whitespace. Consequence kept on purpose for parity: non-Latin text has no tokens (ROUGE 0) and
 * accented letters split words ({@code café} → {@code caf}).
 */
public final class RougeTokenizer {

    private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");

    private RougeTokenizer() {}

    public static List<String> tokenize(String text) {
        String cleaned = NON_ALPHANUMERIC
                .matcher(text.toLowerCase(Locale.ROOT))
                .replaceAll(" ")
                .strip();
        return cleaned.isEmpty() ? List.of() : List.of(cleaned.split(" "));
    }
}
