package dev.llmops.run.variant;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run the runner will execute.
 *
 * @param dataset the dataset name
 * @param variantOverrides node → variant for nodes NOT at their default; empty means every node at its default
 * @param variantLabel {@code node.variant} for a variant run, a {@code +}-joined list for a grid combination, or
 *     {@code default}
 */
public record PlannedRun(String dataset, Map<String, String> variantOverrides, String variantLabel) {

    public static final String DEFAULT_LABEL = "default";

    public PlannedRun {
        variantOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(variantOverrides));
    }
}
