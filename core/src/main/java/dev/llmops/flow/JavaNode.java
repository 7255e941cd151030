package dev.llmops.flow;

import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.yaml.YLocation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Calls a Java tool through the java {@link dev.llmops.flow.tool.ToolRunner}.
 *
 * @param source a {@code .java} file relative to the flow folder ({@code CODE}) or a class name ({@code CLASS})
 */
public record JavaNode(
        String name,
        Map<String, ValueRef> inputs,
        Optional<Activate> activate,
        boolean aggregation,
        YLocation location,
        String source,
        ToolInvocation.SourceType sourceType)
        implements Node {

    public JavaNode {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }
}
