package dev.llmops.eval.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A judge's parsed answer.
 *
 * @param score 1..5, or NaN when no score could be read
 * @param reason the judge's explanation; empty when it gave none
 */
public record JudgeVerdict(double score, String reason) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JSON_OBJECT = Pattern.compile("\\{.*}", Pattern.DOTALL);
    private static final Pattern SCORE_TAG = Pattern.compile("<S2>\\s*(.*?)\\s*</S2>", Pattern.DOTALL);
    private static final Pattern REASON_TAG = Pattern.compile("<S1>\\s*(.*?)\\s*</S1>", Pattern.DOTALL);
    private static final Pattern DIGIT = Pattern.compile("[1-5]");

    /**
     * Reads a judge answer the way {@code azure-ai-evaluation} does, in order: a JSON object with {@code score}
     * and {@code reason} (or {@code explanation}); XML-ish tags {@code <S1>reason</S1><S2>score</S2>}; the first
     * digit 1–5 anywhere; otherwise NaN. A score outside 1..5 counts as unreadable.
     */
    public static JudgeVerdict parse(String answer) {
        if (answer == null || answer.isBlank()) {
            return new JudgeVerdict(Double.NaN, "");
        }
        JudgeVerdict fromJson = fromJson(answer);
        if (fromJson != null) {
            return fromJson;
        }
        Matcher tag = SCORE_TAG.matcher(answer);
        if (tag.find()) {
            Matcher reason = REASON_TAG.matcher(answer);
            return new JudgeVerdict(firstDigit(tag.group(1)), reason.find() ? reason.group(1) : "");
        }
        return new JudgeVerdict(firstDigit(answer), "");
    }

    private static JudgeVerdict fromJson(String answer) {
        Matcher object = JSON_OBJECT.matcher(answer);
        if (!object.find()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(object.group());
            JsonNode score = node.get("score");
            if (score == null) {
                return null;
            }
            double value = score.isNumber() ? score.asDouble() : firstDigit(score.asText());
            JsonNode reason = node.has("reason") ? node.get("reason") : node.get("explanation");
            return new JudgeVerdict(inRange(value), reason == null ? "" : reason.asText());
        } catch (java.io.IOException e) {
            // Not JSON after all: fall through to the tag and digit readers.
            return null;
        }
    }

    private static double firstDigit(String text) {
        Matcher m = DIGIT.matcher(text);
        return m.find() ? Double.parseDouble(m.group()) : Double.NaN;
    }

    private static double inRange(double value) {
        return value >= 1 && value <= 5 ? value : Double.NaN;
    }
}
