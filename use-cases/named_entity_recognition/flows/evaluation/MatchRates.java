import dev.llmops.tool.Tool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregation node: turns the per-line match results into the run's metrics.
 *
 * <p>{@code exact_match_rate} and {@code partial_match_rate} are the share of evaluated lines whose
 * {@code exact_match} / {@code partial_match} is 1, not rounded. Lines without a match result (their standard
 * run line failed) are left out of the denominator; with no evaluated line at all no metric is returned, because
 * a rate of 0 would claim that every line was wrong.
 */
public class MatchRates {

    @Tool
    public Map<String, Object> aggregate(List<Map<String, Object>> matches) {
        int evaluated = 0;
        int exact = 0;
        int partial = 0;
        if (matches != null) {
            for (Map<String, Object> match : matches) {
                if (match == null) {
                    continue;
                }
                evaluated++;
                exact += flag(match.get("exact_match"));
                partial += flag(match.get("partial_match"));
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (evaluated > 0) {
            metrics.put("exact_match_rate", (double) exact / evaluated);
            metrics.put("partial_match_rate", (double) partial / evaluated);
        }
        return metrics;
    }

    private static int flag(Object value) {
        return value instanceof Number number && number.intValue() == 1 ? 1 : 0;
    }
}
