package dev.llmops.flow;

import dev.llmops.error.ConfigException;
import dev.llmops.llm.ChatClient;
import dev.llmops.llm.ChatClientFactory;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.Connections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Connections from a fixed set of configurations; one client per connection, made on first use. */
public final class MapConnections implements Connections {

    private final Map<String, ConnectionConfig> configs;
    private final ChatClientFactory factory;
    private final Map<String, ChatClient> clients = new ConcurrentHashMap<>();

    public MapConnections(Map<String, ConnectionConfig> configs, ChatClientFactory factory) {
        this.configs = new LinkedHashMap<>(configs);
        this.factory = factory;
    }

    @Override
    public Optional<ConnectionConfig> config(String name) {
        return Optional.ofNullable(configs.get(name));
    }

    @Override
    public ChatClient chatClient(String name) {
        ConnectionConfig config = configs.get(name);
        if (config == null) {
            throw ConfigException.of(
                    "connection '" + name + "' is not defined (defined: " + configs.keySet() + ")",
                    "pass --connection " + name + "=connection.yaml, or -u DIR to use the experiment's connections");
        }
        return clients.computeIfAbsent(name, n -> factory.create(config));
    }
}
