import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.tool.Tool;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the classifier's answer into {@code {category, evidence}}.
 *
 * <p>Models do not always answer with bare JSON: the object may be wrapped in a Markdown code fence or
 * surrounded by a sentence. The first {@code {...}} block of the answer is parsed; when there is none, it is
 * not valid JSON, or it has no category, the line still succeeds with category and evidence {@code "None"}, so
 * the evaluation counts it as a wrong answer instead of a failed line.
 */
public class ParseClassification {

    static final String FALLBACK = "None";

    private final ObjectMapper json = new ObjectMapper();

    @Tool
    public Map<String, String> convert(String answer) {
        JsonNode parsed = parseObject(answer);
        String category = text(parsed, "category");
        if (category.isEmpty()) {
            return result(FALLBACK, FALLBACK);
        }
        String evidence = text(parsed, "evidence");
        return result(category, evidence.isEmpty() ? FALLBACK : evidence);
    }

    private JsonNode parseObject(String answer) {
        if (answer == null) {
            return null;
        }
        int start = answer.indexOf('{');
        int end = answer.lastIndexOf('}');
        if (start < 0 || end < start) {
            return null;
        }
        try {
            JsonNode node = json.readTree(answer.substring(start, end + 1));
            return node.isObject() ? node : null;
        } catch (java.io.IOException notJson) {
            // Deliberate degradation: a malformed answer is a wrong classification, not a failed line.
            return null;
        }
    }

    private static String text(JsonNode object, String field) {
        if (object == null || !object.hasNonNull(field) || !object.get(field).isValueNode()) {
            return "";
        }
        return object.get(field).asText().strip();
    }

    private static Map<String, String> result(String category, String evidence) {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("category", category);
        result.put("evidence", evidence);
        return result;
    }
}
