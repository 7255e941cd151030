import dev.llmops.tool.Tool;
import java.util.List;
import java.util.Map;

/** Trims, drops blanks and de-duplicates entity names; a typical post-processing tool. */
public class Cleansing {

    public record Hint(String prefix, int limit) {}

    @Tool(description = "clean entity names")
    public Map<String, Object> clean(List<String> entities, Hint hint, String suffix) {
        List<String> cleaned = entities.stream()
                .map(String::trim)
                .filter(e -> !e.isEmpty())
                .distinct()
                .limit(hint.limit())
                .map(e -> hint.prefix() + e + (suffix == null ? "" : suffix))
                .toList();
        return Map.of("entities", cleaned, "count", cleaned.size());
    }
}
