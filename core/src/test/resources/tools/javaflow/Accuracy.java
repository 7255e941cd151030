import dev.llmops.tool.MetricLogger;
import dev.llmops.tool.Tool;
import java.util.List;
import java.util.Map;

public class Accuracy {

    @Tool
    public static Map<String, Double> aggregate(List<String> grades, MetricLogger metrics) {
        long correct = grades.stream().filter("Correct"::equals).count();
        metrics.log("lines", grades.size());
        return Map.of("accuracy", Math.round(100.0 * correct / grades.size()) / 100.0);
    }
}
