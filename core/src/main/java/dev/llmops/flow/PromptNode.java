package dev.llmops.flow;

import dev.llmops.yaml.YLocation;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Renders a Jinja2 template; the output is the text. */
public record PromptNode(
        String name,
        Map<String, ValueRef> inputs,
        Optional<Activate> activate,
        boolean aggregation,
        YLocation location,
        Path source,
        String template)
        implements Node {

    public PromptNode {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }
}
