package dev.llmops.init;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of the flow semantics to compute, in a test, the last user message an llm node sends: flow inputs
 * from dataset mappings, node inputs from {@code ${inputs.x}} references, the prompt rendered with Jinja2 and
 * split on role lines. Scaffolded llm nodes only read flow inputs, which is all this supports.
 */
final class PromptFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROLE =
            Pattern.compile("(?im)^\\s*#?\\s*(system|user|assistant|function|tool)\\s*:\\s*$");
    private static final Pattern DATA_REF = Pattern.compile("\\$\\{data\\.(\\w+)}");
    private static final Pattern INPUT_REF = Pattern.compile("\\$\\{inputs\\.(\\w+)}");

    private PromptFiles() {}

    /** The nodes of a flow and the node of every variant, each with {@code type} and {@code source}. */
    static List<JsonNode> nodes(JsonNode flow) {
        List<JsonNode> nodes = new ArrayList<>();
        flow.path("nodes").forEach(n -> {
            if (n.has("source")) {
                nodes.add(n);
            }
        });
        flow.path("node_variants").forEach(v -> v.path("variants").forEach(variant -> nodes.add(variant.path("node"))));
        return nodes;
    }

    static Map<String, Object> flowInputs(JsonNode mappings, JsonNode dataLine) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        mappings.properties().forEach(e -> {
            Matcher ref = DATA_REF.matcher(e.getValue().asText());
            if (!ref.matches()) {
                throw new AssertionError("unsupported mapping " + e);
            }
            inputs.put(e.getKey(), JSON.convertValue(dataLine.get(ref.group(1)), Object.class));
        });
        return inputs;
    }

    static Map<String, Object> nodeInputs(JsonNode node, Map<String, Object> flowInputs) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        node.path("inputs").properties().forEach(e -> {
            Matcher ref = INPUT_REF.matcher(e.getValue().asText());
            inputs.put(
                    e.getKey(),
                    ref.matches() ? flowInputs.get(ref.group(1)) : JSON.convertValue(e.getValue(), Object.class));
        });
        return inputs;
    }

    static String frontMatter(String prompty) {
        String[] parts = prompty.split("(?m)^---\\s*$", 3);
        if (parts.length < 3 || !parts[0].isBlank()) {
            throw new AssertionError("no front matter between --- lines");
        }
        return parts[1];
    }

    static String lastUserMessage(String prompt, Map<String, Object> inputs) {
        String template = prompt.startsWith("---") ? prompt.split("(?m)^---\\s*$", 3)[2] : prompt;
        String rendered = new Jinjava().render(template, inputs);
        Matcher role = ROLE.matcher(rendered);
        int start = -1;
        String last = null;
        while (role.find()) {
            last = role.group(1).toLowerCase(Locale.ROOT);
            start = role.end();
        }
        if (!"user".equals(last)) {
            throw new AssertionError("the prompt does not end with a user message:\n" + rendered);
        }
        return rendered.substring(start).strip();
    }
}
