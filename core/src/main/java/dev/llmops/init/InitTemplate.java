package dev.llmops.init;

import dev.llmops.error.ConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The use-case templates {@code llmops init} can scaffold. */
public enum InitTemplate {
    NER("ner", "extract the entities of one type from a text (llm + python cleansing, match-rate evaluation)"),
    CLASSIFICATION(
            "classification", "sort a text into one category (llm with two prompt variants, accuracy evaluation)"),
    CHAT("chat", "answer questions in a conversation (.prompty chat flow, token-overlap F1 evaluation)"),
    FLEX_FUNCTION(
            "flex-function",
            "write a program for a task (flex function flow calling the model from code, .prompty judge class)"),
    FLEX_CLASS(
            "flex-class",
            "chat with history trimmed to a token budget (flex class flow with Prompty, checklist class evaluator)");

    private final String id;
    private final String description;

    InitTemplate(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name used on the command line and as the resource folder. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** Whether the template's flows are flex flows ({@code flow.flex.yaml}) rather than DAG flows. */
    public boolean flex() {
        return this == FLEX_FUNCTION || this == FLEX_CLASS;
    }

    /** The valid ids, comma separated, in declaration order. */
    public static String validIds() {
        return Arrays.stream(values()).map(InitTemplate::id).collect(Collectors.joining(", "));
    }

    /**
     * Finds a template by id, ignoring case.
     *
     * @throws ConfigException naming the valid templates when there is none with that id
     */
    public static InitTemplate parse(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(t -> t.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> ConfigException.of(
                        "unknown template '" + id + "'", "use --template with one of: " + validIds()));
    }
}
