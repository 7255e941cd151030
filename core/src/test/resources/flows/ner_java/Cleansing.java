import java.util.Arrays;
import java.util.List;

/** Splits the model's comma-separated answer into clean entity names. */
public class Cleansing {

    public List<String> run(String entitiesStr, long limit) {
        return Arrays.stream(entitiesStr.split(","))
                .map(s -> s.strip().replaceAll("^[\\s.\"']+|[\\s.\"']+$", ""))
                .filter(s -> !s.isEmpty())
                .limit(limit)
                .toList();
    }
}
