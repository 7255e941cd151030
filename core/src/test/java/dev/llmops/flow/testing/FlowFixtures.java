package dev.llmops.flow.testing;

import dev.llmops.flow.FlowRuntime;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.llm.ChatClientFactory;
import dev.llmops.llm.Connections;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;

/** Paths of the flow fixtures under {@code src/test/resources/flows} and runtimes built from fakes. */
public final class FlowFixtures {

    private FlowFixtures() {}

    public static Path flow(String name) {
        try {
            return Path.of(FlowFixtures.class.getResource("/flows/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static FlowRuntime runtime(
            Connections connections,
            ChatClientFactory factory,
            ToolRunner python,
            ToolRunner java,
            Map<String, String> environment) {
        return new FlowRuntime(
                connections, factory, python, java, environment, Executors.newVirtualThreadPerTaskExecutor());
    }

    public static ToolRunner noTools() {
        return new LambdaToolRunner(inv -> {
            throw new AssertionError("no tool expected, got " + inv.nodeName());
        });
    }

    public static ChatClientFactory noFactory() {
        return config -> {
            throw new AssertionError("no prompty client expected, got " + config.name());
        };
    }
}
