import dev.llmops.tool.Tool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the entities a run extracted for one line with the expected ones.
 *
 * <p>Both sides are normalised the same way (surrounding spaces, dots and quotes removed, inner whitespace
 * collapsed, lower case) and compared as sets, so order and case never matter.
 * <ul>
 *   <li>{@code exact_match} is 1 when both sets are equal (two empty sets included: "no entity" answered
 *       correctly), else 0.
 *   <li>{@code partial_match} is 1 on an exact match, or when at least one extracted entity equals, contains
 *       or is contained in an expected entity ({@code Dr. Amara Nwosu} for {@code Amara Nwosu}), else 0.
 * </ul>
 */
public class EntityMatcher {

    @Tool
    public Map<String, Object> match(List<String> entities, List<String> expected) {
        // A missing list is not "no entity": scoring it would count a failed standard line as a right answer.
        if (entities == null) {
            throw new IllegalArgumentException(
                    "input 'entities' is missing: the standard run produced no entities for this line");
        }
        if (expected == null) {
            throw new IllegalArgumentException(
                    "input 'expected' is missing: give the expected entities as a list, [] for none");
        }
        Set<String> predicted = normalise(entities);
        Set<String> truth = normalise(expected);
        boolean exact = predicted.equals(truth);
        boolean partial = exact || overlaps(predicted, truth);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("exact_match", exact ? 1 : 0);
        result.put("partial_match", partial ? 1 : 0);
        result.put("answer", entities);
        result.put("ground_truth", expected);
        return result;
    }

    private static boolean overlaps(Set<String> predicted, Set<String> truth) {
        for (String candidate : predicted) {
            for (String wanted : truth) {
                if (candidate.contains(wanted) || wanted.contains(candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<String> normalise(List<String> values) {
        Set<String> normalised = new TreeSet<>();
        for (String value : values) {
            String clean = stripEdges(value == null ? "" : value)
                    .replaceAll("\\s+", " ")
                    .toLowerCase(Locale.ROOT);
            if (!clean.isEmpty()) {
                normalised.add(clean);
            }
        }
        return normalised;
    }

    private static String stripEdges(String value) {
        // Same edge characters as the cleansing node, so "Acme Corp." in the ground truth equals a
        // cleansed "Acme Corp".
        return value.replaceAll("^[\\s.\"']+|[\\s.\"']+$", "");
    }
}
