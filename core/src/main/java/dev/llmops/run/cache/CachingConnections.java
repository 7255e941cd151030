package dev.llmops.run.cache;

import dev.llmops.error.ConfigException;
import dev.llmops.llm.CallObserver;
import dev.llmops.llm.ChatClient;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.Connections;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections of a run with {@code --cache} applied: every chat client is wrapped in a
 * {@link CachingChatClient} (one per connection, shared by all lines). With {@link CacheMode#OFF} the clients are
 * passed through unchanged.
 */
public final class CachingConnections implements Connections {

    private final Connections delegate;
    private final Path dir;
    private final CacheMode mode;
    private final CallObserver observer;
    private final Map<String, ChatClient> clients = new ConcurrentHashMap<>();

    public CachingConnections(Connections delegate, Path dir, CacheMode mode) {
        this(delegate, dir, mode, CallObserver.NONE);
    }

    /** @param observer told about every cache hit */
    public CachingConnections(Connections delegate, Path dir, CacheMode mode, CallObserver observer) {
        this.delegate = delegate;
        this.dir = dir;
        this.mode = mode;
        this.observer = observer;
    }

    @Override
    public Optional<ConnectionConfig> config(String name) {
        return delegate.config(name);
    }

    @Override
    public java.util.List<String> names() {
        return delegate.names();
    }

    @Override
    public ChatClient chatClient(String name) {
        if (mode == CacheMode.OFF) {
            return delegate.chatClient(name);
        }
        return clients.computeIfAbsent(name, n -> {
            ConnectionConfig config = delegate.config(n)
                    .orElseThrow(() ->
                            ConfigException.of("no connection named '" + n + "'", "declare it under connections"));
            return new CachingChatClient(delegate.chatClient(n), dir, mode, config, observer);
        });
    }

    /** Cache hits over every connection so far. */
    public long hits() {
        return clients.values().stream()
                .mapToLong(c -> c instanceof CachingChatClient cc ? cc.hits() : 0)
                .sum();
    }

    /** Cache misses over every connection so far. */
    public long misses() {
        return clients.values().stream()
                .mapToLong(c -> c instanceof CachingChatClient cc ? cc.misses() : 0)
                .sum();
    }
}
