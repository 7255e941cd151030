package dev.llmops.flow.python;

import static org.assertj.core.api.Assumptions.assumeThat;

import dev.llmops.SystemEnv;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.llm.ConnectionConfig;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/** The fixture flow folder of python tools and helpers to call them. */
final class PythonFixtures {

    private PythonFixtures() {}

    static Path flowDir() {
        try {
            return Path.of(PythonFixtures.class.getResource("/tools/pyflow").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Options for this machine; skips the test when no python3 is installed. */
    static PythonToolOptions options(int poolSize) {
        PythonToolOptions options = PythonToolOptions.defaults(SystemEnv.current());
        boolean found;
        try {
            PythonExecutable.resolve(options);
            found = true;
        } catch (RuntimeException e) {
            found = false;
        }
        assumeThat(found).as("python3 on the PATH").isTrue();
        return options.withPoolSize(poolSize);
    }

    static ToolInvocation call(String source, Map<String, Object> inputs) {
        return new ToolInvocation(
                "node_" + source.replace(".py", ""),
                flowDir(),
                source,
                ToolInvocation.SourceType.CODE,
                inputs,
                Map.of(),
                Map.of(),
                false);
    }

    static ToolInvocation call(
            String source,
            Map<String, Object> inputs,
            Map<String, ConnectionConfig> connections,
            Map<String, String> environment,
            boolean aggregation) {
        return new ToolInvocation(
                "node_" + source.replace(".py", ""),
                flowDir(),
                source,
                ToolInvocation.SourceType.CODE,
                inputs,
                connections,
                environment,
                aggregation);
    }
}
