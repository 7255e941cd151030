package dev.llmops.run.variant;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variant nodes of a flow, in the order the flow declares them. Empty for flows without variants (and
 * for flex flows).
 */
public record VariantSpace(Map<String, NodeVariants> nodes) {

    public static final VariantSpace NONE = new VariantSpace(Map.of());

    public VariantSpace {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }
}
