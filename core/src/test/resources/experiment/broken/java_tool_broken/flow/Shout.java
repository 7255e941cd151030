import dev.llmops.tool.Tool;

public class Shout {
    @Tool
    public String shout(String text) {
        return text.toUpperCase()
    }
}
