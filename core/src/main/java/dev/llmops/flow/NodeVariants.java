package dev.llmops.flow;

import java.util.List;

/** The variants declared for one node under {@code node_variants}, in file order. */
public record NodeVariants(String defaultVariantId, List<String> variantIds) {
    public NodeVariants {
        variantIds = List.copyOf(variantIds);
    }
}
