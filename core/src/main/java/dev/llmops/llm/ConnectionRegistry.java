package dev.llmops.llm;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections of an experiment (plus any given with {@code --connection}), each client made on first use
 * and then shared by every line. Clients of connections that are never used are never made, so a broken
 * connection only fails the runs that need it.
 */
public final class ConnectionRegistry implements Connections {

    private final Map<String, ConnectionConfig> configs;
    private final ChatClientFactory factory;
    private final Map<String, ChatClient> clients = new ConcurrentHashMap<>();

    /**
     * @param baseDir where relative {@code recordings} paths start
     * @param observer told about every attempt (rate limits, throttling)
     * @param options timeouts, retry budget and {@code --record} file
     */
    public ConnectionRegistry(
            List<ConnectionConfig> configs, Path baseDir, SystemEnv env, CallObserver observer, LlmOptions options) {
        this(configs, new DefaultChatClientFactory(baseDir, env, observer, options));
    }

    /** With a factory of the caller's ({@code flow test} passes its own; tests inject HTTP collaborators). */
    public ConnectionRegistry(List<ConnectionConfig> configs, ChatClientFactory factory) {
        Map<String, ConnectionConfig> byName = new LinkedHashMap<>();
        for (ConnectionConfig c : configs) {
            // A later definition (--connection on the command line) replaces an earlier one (the experiment's).
            byName.put(c.name(), c);
        }
        this.configs = Map.copyOf(byName);
        this.factory = factory;
    }

    @Override
    public Optional<ConnectionConfig> config(String name) {
        return Optional.ofNullable(configs.get(name));
    }

    @Override
    public List<String> names() {
        return List.copyOf(configs.keySet());
    }

    @Override
    public ChatClient chatClient(String name) {
        ChatClient existing = clients.get(name);
        if (existing != null) {
            return existing;
        }
        ConnectionConfig config = configs.get(name);
        if (config == null) {
            throw ConfigException.of(
                    "no connection named '" + name + "'"
                            + (configs.isEmpty() ? "; none are defined" : "; defined: " + String.join(", ", sorted())),
                    "add it to the experiment's connections block (-u DIR) or pass --connection " + name
                            + "=path.yaml");
        }
        // computeIfAbsent would hold a map lock while a replay file loads; a rare duplicate client is harmless.
        ChatClient created = factory.create(config);
        ChatClient raced = clients.putIfAbsent(name, created);
        return raced == null ? created : raced;
    }

    private List<String> sorted() {
        return configs.keySet().stream().sorted().toList();
    }
}
