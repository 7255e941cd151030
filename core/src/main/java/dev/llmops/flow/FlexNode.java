package dev.llmops.flow;

import dev.llmops.flow.flex.FlexEntry;
import dev.llmops.yaml.YLocation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The single node of a flex flow: calls the entry function (or the entry class's instance) with the line's inputs.
 * Its output is the line's outputs: a mapping gives named outputs, anything else the output {@code output}.
 */
public record FlexNode(String name, Map<String, ValueRef> inputs, YLocation location, FlexEntry entry) implements Node {

    public FlexNode {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    @Override
    public Optional<Activate> activate() {
        return Optional.empty();
    }

    @Override
    public boolean aggregation() {
        return false;
    }
}
