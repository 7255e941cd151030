package dev.llmops.run.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.llm.CallObserver;
import dev.llmops.llm.ChatClient;
import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.TokenUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays model answers from a directory cache ({@code .llmops/cache} by default) instead of calling the
 * endpoint again. The key is a SHA-256 of the endpoint identity (type, base URL, API version: never a key or
 * token), the deployment, the api, the rendered messages or prompt and the parameters. A cached answer is stored
 * as its text, token usage and model name; no header or credential is ever written. Safe for concurrent
 * writers and processes: entries are written to a temporary file and moved into place atomically.
 */
public final class CachingChatClient implements ChatClient {

    /** Properties that identify an endpoint; anything else (and anything secret) stays out of the key. */
    private static final List<String> IDENTITY_KEYS =
            List.of("api_base", "base_url", "endpoint", "azure_endpoint", "api_version", "api_type");

    private final ChatClient delegate;
    private final Path dir;
    private final CacheMode mode;
    private final String endpointIdentity;
    private final String connection;
    private final CallObserver observer;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public CachingChatClient(ChatClient delegate, Path dir, CacheMode mode, ConnectionConfig connection) {
        this(delegate, dir, mode, connection, CallObserver.NONE);
    }

    /** @param observer told about each hit (the run's progress counts them) */
    public CachingChatClient(
            ChatClient delegate, Path dir, CacheMode mode, ConnectionConfig connection, CallObserver observer) {
        this.delegate = delegate;
        this.dir = dir;
        this.mode = mode;
        this.endpointIdentity = endpointIdentity(connection);
        this.connection = connection.name();
        this.observer = observer;
    }

    /** {@code <use case>/.llmops/cache}, the default location. */
    public static Path defaultDir(Path useCase) {
        return useCase.resolve(".llmops").resolve("cache");
    }

    static String endpointIdentity(ConnectionConfig c) {
        Map<String, String> id = new TreeMap<>();
        id.put("type", c.type());
        for (String k : IDENTITY_KEYS) {
            String v = c.property(k);
            if (v != null && !c.secretProperties().contains(k)) {
                id.put(k, v);
            }
        }
        return id.toString();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        if (!cacheable(request)) {
            return delegate.chat(request);
        }
        Path entry = entryFor(request);
        ChatResponse cached = read(entry);
        if (cached != null) {
            hits.incrementAndGet();
            observer.cacheHit(connection);
            return cached;
        }
        misses.incrementAndGet();
        ChatResponse response = delegate.chat(request);
        write(entry, response);
        return response;
    }

    boolean cacheable(ChatRequest request) {
        return switch (mode) {
            case OFF -> false;
            case ALL -> true;
            case DETERMINISTIC ->
                isZero(request.parameters().get("temperature"))
                        || request.parameters().get("seed") != null;
        };
    }

    private static boolean isZero(Object temperature) {
        if (temperature instanceof Number n) {
            return n.doubleValue() == 0.0;
        }
        if (temperature instanceof String s) {
            try {
                return Double.parseDouble(s.strip()) == 0.0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    String key(ChatRequest request) {
        ObjectNode k = mapper.createObjectNode();
        k.put("endpoint", endpointIdentity);
        k.put("deployment", request.deployment());
        k.put("api", request.api().name());
        var messages = k.putArray("messages");
        for (ChatMessage m : request.messages()) {
            ObjectNode n = messages.addObject();
            n.put("role", m.role());
            n.put("content", m.content());
            n.put("name", m.name());
            n.put("tool_call_id", m.toolCallId());
        }
        k.put("prompt", request.prompt());
        k.set("parameters", mapper.valueToTree(new TreeMap<>(request.parameters())));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(mapper.writeValueAsBytes(k));
            return HexFormat.of().formatHex(digest);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute a cache key", e);
        }
    }

    private Path entryFor(ChatRequest request) {
        String key = key(request);
        return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
    }

    private ChatResponse read(Path entry) {
        if (!Files.exists(entry)) {
            return null;
        }
        try {
            JsonNode n = mapper.readTree(entry.toFile());
            TokenUsage usage = new TokenUsage(
                    n.path("prompt_tokens").asLong(),
                    n.path("completion_tokens").asLong());
            return new ChatResponse(
                    n.path("text").asText(), usage, 0, n.path("model").asText(null));
        } catch (IOException e) {
            // An unreadable entry is a miss; the fresh answer replaces it.
            return null;
        }
    }

    private void write(Path entry, ChatResponse response) {
        ObjectNode n = mapper.createObjectNode();
        n.put("text", response.text());
        n.put("prompt_tokens", response.usage().promptTokens());
        n.put("completion_tokens", response.usage().completionTokens());
        n.put("model", response.model());
        try {
            Files.createDirectories(entry.getParent());
            Path tmp = Files.createTempFile(entry.getParent(), "entry", ".tmp");
            mapper.writeValue(tmp.toFile(), n);
            Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the response cache under " + dir, e);
        }
    }
}
