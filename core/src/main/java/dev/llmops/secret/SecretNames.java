package dev.llmops.secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which configuration fields hold secrets by their name alone: {@code api_key}, {@code client_secret},
 * {@code access_token}, {@code password}, {@code connection_string}, {@code AccountKey}, ... Their values are
 * masked however they were written, a placeholder or a literal.
 */
public final class SecretNames {

    /** A name whose last word is one of these is a secret ({@code api_key}, but not {@code key_vault_name}). */
    private static final Set<String> LAST_WORDS = Set.of(
            "key", "secret", "token", "password", "passwd", "pwd", "credential", "credentials", "signature", "sas");

    /** A name with one of these words anywhere is a secret ({@code secret_value}, {@code password_hash}). */
    private static final Set<String> ANY_WORDS = Set.of("secret", "password", "passwd");

    /** Whole names (words joined) that are secrets whatever their other words ({@code connection_string_2}). */
    private static final List<String> JOINED = List.of("connectionstring", "sastoken", "apikey", "accountkey");

    private SecretNames() {}

    public static boolean isSecret(String name) {
        if (name == null || name.isBlank()) {
            return false;
        }
        List<String> words = words(name);
        if (words.isEmpty()) {
            return false;
        }
        if (LAST_WORDS.contains(words.getLast())) {
            return true;
        }
        if (words.stream().anyMatch(ANY_WORDS::contains)) {
            return true;
        }
        String joined = String.join("", words);
        return JOINED.stream().anyMatch(joined::contains);
    }

    /** {@code apiKey}, {@code api-key}, {@code API_KEY} and {@code api.key} all give {@code [api, key]}. */
    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char previous = 0;
        for (char c : name.toCharArray()) {
            if (!Character.isLetterOrDigit(c)) {
                flush(word, words);
            } else {
                if (Character.isUpperCase(c) && Character.isLowerCase(previous)) {
                    flush(word, words);
                }
                word.append(Character.toLowerCase(c));
            }
            previous = c;
        }
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
            word.setLength(0);
        }
    }
}
