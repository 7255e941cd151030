import dev.llmops.tool.Tool;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the model's comma-separated answer into a clean list of entities.
 *
 * <p>Each comma-separated item is trimmed of surrounding spaces, tabs, dots and quotes, and empty items are
 * dropped. A whole answer of {@code None} (the prompt's "nothing found" reply) becomes an empty list.
 * Inner punctuation is kept, so {@code F. Scott Fitzgerald.} keeps its initial and {@code (425) 555-0100}
 * keeps its parentheses. Commas are always separators, so a name that itself contains a comma
 * ({@code Brightwell, Moss & Tan LLP}) is split: the evaluation shows that cost on purpose.
 */
public class Cleansing {

    private static final String EDGE_CHARACTERS = " \t\r\n.\"'";

    @Tool
    public List<String> cleansing(String text) {
        List<String> entities = new ArrayList<>();
        if (text == null || trimEdges(text).equalsIgnoreCase("none")) {
            return entities;
        }
        for (String item : text.split(",")) {
            String entity = trimEdges(item);
            if (!entity.isEmpty()) {
                entities.add(entity);
            }
        }
        return entities;
    }

    private static String trimEdges(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && EDGE_CHARACTERS.indexOf(value.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && EDGE_CHARACTERS.indexOf(value.charAt(end - 1)) >= 0) {
            end--;
        }
        return value.substring(start, end);
    }
}
