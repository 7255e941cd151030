import dev.llmops.tool.Tool;

/**
 * Turns the judge's answer into a score: the number it wrote, or null when it wrote something else (the
 * template's NaN, which the aggregation leaves out).
 */
public class ConcatScores {

    @Tool
    public Double concat(String answer) {
        if (answer == null) {
            return null;
        }
        try {
            double score = Double.parseDouble(answer.strip());
            return Double.isFinite(score) ? score : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
