package dev.llmops.secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} and {@code ${env:NAME}} placeholders in configuration values and registers every
 * resolved value with the {@link SecretMasker}. Placeholders may appear anywhere in a value, not only as the
 * whole value.
 *
 * <p>Inside a connection, {@code ${key}} that is not itself a variable falls back to
 * {@code <CONNECTION>_<KEY>} upper-cased (connection {@code aoai}, {@code ${api_key}} reads {@code AOAI_API_KEY}),
 * the Prompt Flow template's rule. {@code ${env:NAME}} always reads exactly {@code NAME}.
 */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private final Variables variables;
    private final SecretMasker masker;

    public Placeholders(Variables variables, SecretMasker masker) {
        this.variables = variables;
        this.masker = masker;
    }

    /**
     * The result of resolving one value.
     *
     * @param value the text with every resolvable placeholder replaced; unresolvable ones are left as written
     * @param hadPlaceholder whether the text contained any placeholder (its value is then treated as a secret)
     * @param missing for each placeholder that could not be resolved, the variable the user should set
     */
    public record Resolution(String value, boolean hadPlaceholder, List<String> missing) {
        public Resolution {
            missing = List.copyOf(missing);
        }

        public boolean isComplete() {
            return missing.isEmpty();
        }
    }

    /** Registers a secret written literally in a configuration file (a custom connection's {@code secrets:}). */
    public void registerLiteralSecret(String value) {
        masker.register(value);
    }

    public static boolean containsPlaceholder(String text) {
        return text != null && PLACEHOLDER.matcher(text).find();
    }

    /** Resolves a value outside any connection. */
    public Resolution resolve(String text) {
        return resolve(text, null);
    }

    /** Resolves a value of the named connection ({@code null} outside connections). */
    public Resolution resolve(String text, String connectionName) {
        if (text == null) {
            return new Resolution(null, false, List.of());
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        boolean any = false;
        while (m.find()) {
            any = true;
            String inner = m.group(1).strip();
            boolean explicit = inner.startsWith("env:");
            String name = explicit ? inner.substring("env:".length()).strip() : inner;
            Optional<String> value = lookup(name, explicit ? null : connectionName);
            if (value.isPresent()) {
                masker.register(value.get());
                m.appendReplacement(out, Matcher.quoteReplacement(value.get()));
            } else {
                missing.add(suggestedName(name, explicit ? null : connectionName));
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            }
        }
        m.appendTail(out);
        return new Resolution(out.toString(), any, missing);
    }

    private Optional<String> lookup(String name, String connectionName) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> direct = variables.get(name);
        if (direct.isPresent() || connectionName == null) {
            return direct;
        }
        return variables.get(connectionVariable(connectionName, name));
    }

    /** The template's connection rule: {@code aoai} + {@code api_key} gives {@code AOAI_API_KEY}. */
    public static String connectionVariable(String connectionName, String key) {
        return (connectionName + "_" + key).toUpperCase(Locale.ROOT);
    }

    private static String suggestedName(String name, String connectionName) {
        if (name.isEmpty()) {
            return "${}";
        }
        boolean looksLikeVariable = name.equals(name.toUpperCase(Locale.ROOT));
        return connectionName == null || looksLikeVariable ? name : connectionVariable(connectionName, name);
    }
}
