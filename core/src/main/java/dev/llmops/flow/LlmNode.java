package dev.llmops.flow;

import dev.llmops.flow.prompty.Prompty;
import dev.llmops.llm.LlmApi;
import dev.llmops.yaml.YLocation;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a Jinja2 template and calls a model.
 *
 * @param source the template or {@code .prompty} file
 * @param template the Jinja2 text (for a prompty, its body)
 * @param connection the connection name; null when a prompty brings its own configuration
 * @param prompty present when the source is a {@code .prompty} file: its model configuration and parameters
 */
public record LlmNode(
        String name,
        Map<String, ValueRef> inputs,
        Optional<Activate> activate,
        boolean aggregation,
        YLocation location,
        Path source,
        String template,
        LlmApi api,
        String connection,
        Optional<Prompty> prompty)
        implements Node {

    public LlmNode {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }
}
