import dev.llmops.tool.Tool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregation node: {@code average_score}, the mean of the lines' scores rounded to 2 decimals, as the template's
 * {@code round(np.nanmean(scores), 2)}. Lines without a score (the judge answered no number, or the line failed)
 * are left out; with no score at all no metric is returned, because 0 would claim every answer was wrong.
 */
public class AverageScore {

    @Tool
    public Map<String, Object> aggregate(List<Object> scores) {
        double sum = 0;
        int n = 0;
        if (scores != null) {
            for (Object score : scores) {
                if (score instanceof Number number && Double.isFinite(number.doubleValue())) {
                    sum += number.doubleValue();
                    n++;
                }
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (n > 0) {
            metrics.put("average_score", Math.round(sum / n * 100) / 100.0);
        }
        return metrics;
    }
}
