import dev.llmops.tool.Tool;

public class Broken {

    @Tool
    public static String run(String text) {
        int length = text.lenght();
        return text + length;
    }
}
