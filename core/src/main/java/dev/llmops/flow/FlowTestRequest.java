package dev.llmops.flow;

import dev.llmops.llm.ConnectionConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code flow test}: run one or a few lines of a flow (or one node) and report.
 *
 * @param flow the flow folder or file
 * @param lines the input lines; an empty list runs one line with the flow's defaults (a prompty's sample)
 * @param overrides values laid over every line ({@code --inputs k=v})
 * @param variant the variant selection
 * @param node run only this node; null runs the whole flow
 * @param connectionFiles {@code --connection NAME=path.yaml}
 * @param extraConnections connections from elsewhere (the experiment, with {@code -u/-e}); files win on clashes
 * @param init a flex class entry's init parameters from {@code --init} and {@code --init-file}
 */
public record FlowTestRequest(
        Path flow,
        List<Map<String, Object>> lines,
        Map<String, Object> overrides,
        VariantSelection variant,
        String node,
        Map<String, Path> connectionFiles,
        List<ConnectionConfig> extraConnections,
        Map<String, Object> init) {

    public FlowTestRequest(
            Path flow,
            List<Map<String, Object>> lines,
            Map<String, Object> overrides,
            VariantSelection variant,
            String node,
            Map<String, Path> connectionFiles,
            List<ConnectionConfig> extraConnections) {
        this(flow, lines, overrides, variant, node, connectionFiles, extraConnections, Map.of());
    }

    public FlowTestRequest {
        init = Collections.unmodifiableMap(new LinkedHashMap<>(init));
        Objects.requireNonNull(flow, "flow");
        lines = List.copyOf(lines);
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        connectionFiles = Collections.unmodifiableMap(new LinkedHashMap<>(connectionFiles));
        extraConnections = List.copyOf(extraConnections);
    }

    public Optional<String> nodeName() {
        return Optional.ofNullable(node);
    }
}
