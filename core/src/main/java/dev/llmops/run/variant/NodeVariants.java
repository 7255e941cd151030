package dev.llmops.run.variant;

import java.util.List;
import java.util.Objects;

/**
 * The variants of one flow node, in file order.
 *
 * @param defaultId the variant used when the node is not overridden
 * @param ids every variant id, in the order the flow declares them
 */
public record NodeVariants(String defaultId, List<String> ids) {

    public NodeVariants {
        Objects.requireNonNull(defaultId, "defaultId");
        ids = List.copyOf(ids);
        if (!ids.contains(defaultId)) {
            throw new IllegalArgumentException("default variant " + defaultId + " is not among " + ids);
        }
    }
}
