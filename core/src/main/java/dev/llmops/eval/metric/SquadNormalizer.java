package dev.llmops.eval.metric;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * SQuAD answer normalisation: lowercase, delete ASCII punctuation, replace the whole words {@code a}, {@code an},
 * {@code the} by a space, collapse whitespace. Punctuation goes before articles, so {@code "the."} loses both.
 */
public final class SquadNormalizer {

    // Python's string.punctuation, exactly.
    private static final Pattern PUNCTUATION = Pattern.compile("[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]");
    // Python's \b is Unicode-aware for str patterns; UNICODE_CHARACTER_CLASS makes Java's \b agree.
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private SquadNormalizer() {}

    public static String normalize(String text) {
        String s = text.toLowerCase(java.util.Locale.ROOT);
        s = PUNCTUATION.matcher(s).replaceAll("");
        s = ARTICLES.matcher(s).replaceAll(" ");
        return String.join(" ", tokens(s));
    }

    /** The normalised text split on whitespace; empty for blank text. */
    public static List<String> normalizedTokens(String text) {
        return tokens(normalize(text));
    }

    private static List<String> tokens(String s) {
        String trimmed = s.strip();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(WHITESPACE.split(trimmed));
    }
}
