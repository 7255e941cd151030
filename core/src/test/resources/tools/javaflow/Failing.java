import dev.llmops.tool.Tool;

public class Failing {

    @Tool
    public static int parse(String number) {
        return checked(number);
    }

    private static int checked(String number) {
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + number, e);
        }
    }
}
