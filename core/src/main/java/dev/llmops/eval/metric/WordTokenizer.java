package dev.llmops.eval.metric;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tokenizer BLEU and GLEU use: a re-implementation of the rules of NLTK's {@code word_tokenize} for ASCII text
 * (Treebank-style: punctuation split off, {@code don't} → {@code do n't}, {@code "} → {@code ``} / {@code ''}) and
 * a punctuation-splitting tokenizer for non-ASCII text, where Azure switches to NIST's international tokenizer.
 *
 * <p>Where it can differ from NLTK:
 *
 * <ul>
 *   <li>Sentence splitting: NLTK runs the trained Punkt model first, so a period ends a token at every sentence
 *       end. Here a period followed by whitespace and an upper-case letter, digit or quote starts a new
 *       sentence; Punkt knows abbreviations ({@code Mr. Smith} stays one sentence there, is two here).
 *   <li>Non-ASCII text: NIST's international tokenizer rules are approximated by splitting every Unicode
 *       punctuation and symbol character into its own token; runs of letters, marks and digits stay together.
 * </ul>
 *
 * Both only move BLEU/GLEU on texts with those features; golden tests pin the behaviour.
 */
public final class WordTokenizer {

    private record Rule(Pattern pattern, String replacement) {
        String apply(String text) {
            return pattern.matcher(text).replaceAll(replacement);
        }
    }

    private static Rule rule(String regex, String replacement) {
        return new Rule(Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS), replacement);
    }

    private static final List<Rule> STARTING_QUOTES = List.of(
            rule("([«“‘„]|`+)", " $1 "),
            rule("^\"", "``"),
            rule("(``)", " $1 "),
            rule("([ (\\[{<])(\"|'{2})", "$1 `` "),
            rule("(?i)(')(?!re|ve|ll|m|t|s|d|n)(\\w)\\b", "$1 $2"));

    private static final List<Rule> PUNCTUATION = List.of(
            rule("([^.])(\\.)([\\])}>\"']*)\\s*$", "$1 $2 $3 "),
            rule("([:,])([^\\d])", " $1 $2"),
            rule("([:,])$", " $1 "),
            rule("\\.{2,}", " $0 "),
            rule("[;@#$%&]", " $0 "),
            rule("([^.])(\\.)([\\])}>\"']*)\\s*$", "$1 $2$3 "),
            rule("[?!]", " $0 "),
            rule("([^'])' ", "$1 ' "),
            rule("[*]", " $0 "),
            rule("[\\]\\[(){}<>]", " $0 "),
            rule("--", " -- "));

    private static final List<Rule> ENDING_QUOTES = List.of(
            rule("([»”’])", " $1 "),
            rule("''", " '' "),
            rule("\"", " '' "),
            rule("([^' ])('[sS]|'[mM]|'[dD]|') ", "$1 $2 "),
            rule("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", "$1 $2 "));

    private static final List<Rule> CONTRACTIONS = List.of(
            rule("(?i)\\b(can)(not)\\b", " $1 $2 "),
            rule("(?i)\\b(d)('ye)\\b", " $1 $2 "),
            rule("(?i)\\b(gim)(me)\\b", " $1 $2 "),
            rule("(?i)\\b(gon)(na)\\b", " $1 $2 "),
            rule("(?i)\\b(got)(ta)\\b", " $1 $2 "),
            rule("(?i)\\b(lem)(me)\\b", " $1 $2 "),
            rule("(?i)\\b(more)('n)\\b", " $1 $2 "),
            rule("(?i)\\b(wan)(na)(?=\\s)", " $1 $2 "),
            rule("(?i) ('t)(is)\\b", " $1 $2 "),
            rule("(?i) ('t)(was)\\b", " $1 $2 "));

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}\\d\"'“‘])");
    private static final Pattern INTERNATIONAL_SPLIT = Pattern.compile("([\\p{P}\\p{S}])");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private WordTokenizer() {}

    public static List<String> tokenize(String text) {
        if (!text.chars().allMatch(c -> c < 128)) {
            return split(INTERNATIONAL_SPLIT.matcher(text).replaceAll(" $1 "));
        }
        List<String> tokens = new ArrayList<>();
        for (String sentence : SENTENCE_END.split(text.strip())) {
            tokens.addAll(treebank(sentence));
        }
        return tokens;
    }

    private static List<String> treebank(String sentence) {
        String text = sentence;
        for (Rule r : STARTING_QUOTES) {
            text = r.apply(text);
        }
        for (Rule r : PUNCTUATION) {
            text = r.apply(text);
        }
        text = " " + text + " ";
        for (Rule r : ENDING_QUOTES) {
            text = r.apply(text);
        }
        for (Rule r : CONTRACTIONS) {
            text = r.apply(text);
        }
        return split(text);
    }

    private static List<String> split(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? List.of() : List.of(WHITESPACE.split(trimmed));
    }
}
