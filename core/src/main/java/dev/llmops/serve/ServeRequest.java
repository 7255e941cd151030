package dev.llmops.serve;

import dev.llmops.flow.VariantSelection;
import dev.llmops.llm.ConnectionConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which flow to serve, with what.
 *
 * @param flow the flow folder, {@code flow.dag.yaml} or {@code .prompty}
 * @param variant the variant selection
 * @param connectionFiles {@code --connection NAME=FILE}
 * @param extraConnections the experiment's connections (with {@code -u/-e}); files win on clashes
 * @param environment environment variables the flow sees ({@code environment/env.yaml} under the real ones)
 * @param options command-line options
 */
public record ServeRequest(
        Path flow,
        VariantSelection variant,
        Map<String, Path> connectionFiles,
        List<ConnectionConfig> extraConnections,
        Map<String, String> environment,
        ServeOptions options) {

    public ServeRequest {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(options, "options");
        connectionFiles = Collections.unmodifiableMap(new LinkedHashMap<>(connectionFiles));
        extraConnections = List.copyOf(extraConnections);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }
}
