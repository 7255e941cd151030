import dev.llmops.tool.Tool;

public class TwoTools {

    @Tool
    public String first(String x) {
        return x;
    }

    @Tool
    public String second(String x) {
        return x;
    }
}
