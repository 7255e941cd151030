package dev.llmops.flow.testing;

import dev.llmops.error.ConfigException;
import dev.llmops.llm.ChatClient;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.Connections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Named connections for tests, each answered by the given client. */
public final class FakeConnections implements Connections {

    private final Map<String, ConnectionConfig> configs = new LinkedHashMap<>();
    private final Map<String, ChatClient> clients = new LinkedHashMap<>();

    public FakeConnections with(String name, ChatClient client) {
        configs.put(
                name,
                new ConnectionConfig(
                        name,
                        "AzureOpenAIConnection",
                        Map.of("api_base", "https://" + name + ".example.com", "api_key", "secret-" + name),
                        Set.of("api_key")));
        clients.put(name, client);
        return this;
    }

    @Override
    public Optional<ConnectionConfig> config(String name) {
        return Optional.ofNullable(configs.get(name));
    }

    @Override
    public ChatClient chatClient(String name) {
        ChatClient c = clients.get(name);
        if (c == null) {
            throw ConfigException.of("connection '" + name + "' is not defined", null);
        }
        return c;
    }
}
