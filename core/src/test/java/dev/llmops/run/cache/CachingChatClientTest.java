package dev.llmops.run.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import dev.llmops.llm.ChatClient;
import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CachingChatClientTest {

    private static final String SECRET = "sk-very-secret-key-123";

    @TempDir
    Path dir;

    private final AtomicInteger calls = new AtomicInteger();
    private final ChatClient endpoint =
            request -> new ChatResponse("answer " + calls.incrementAndGet(), new TokenUsage(12, 3), 40, "gpt-4o-2024");

    private static ConnectionConfig connection(String base) {
        return new ConnectionConfig(
                "aoai",
                "AzureOpenAIConnection",
                Map.of("api_base", base, "api_key", SECRET, "api_version", "2024-06-01"),
                Set.of("api_key"));
    }

    private static ChatRequest request(Map<String, Object> params) {
        return ChatRequest.chat("gpt-4o", List.of(ChatMessage.of("user", "What is 2+2?")), params);
    }

    @Test
    void should_replay_a_deterministic_answer_with_its_usage() {
        // given
        CachingChatClient cache =
                new CachingChatClient(endpoint, dir, CacheMode.DETERMINISTIC, connection("https://a.openai.azure.com"));

        // when
        ChatResponse first = cache.chat(request(Map.of("temperature", 0)));
        ChatResponse second = cache.chat(request(Map.of("temperature", 0)));

        // then
        assertThat(calls.get()).isEqualTo(1);
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(second.usage()).isEqualTo(new TokenUsage(12, 3));
        assertThat(second.model()).isEqualTo("gpt-4o-2024");
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            DETERMINISTIC | 0.7 |      | false
            DETERMINISTIC | 0   |      | true
            DETERMINISTIC | 0.7 | 42   | true
            DETERMINISTIC |     |      | false
            ALL           | 0.7 |      | true
            OFF           | 0   |      | false
            """)
    void should_cache_only_what_the_mode_allows(CacheMode mode, Double temperature, Integer seed, boolean cached) {
        // given
        CachingChatClient cache = new CachingChatClient(endpoint, dir, mode, connection("https://a"));
        Map<String, Object> params = new java.util.HashMap<>();
        if (temperature != null) {
            params.put("temperature", temperature);
        }
        if (seed != null) {
            params.put("seed", seed);
        }

        // when
        cache.chat(request(params));
        cache.chat(request(params));

        // then
        assertThat(calls.get()).isEqualTo(cached ? 1 : 2);
    }

    @Test
    void should_key_on_endpoint_messages_and_parameters() {
        // given two caches over the same directory for different endpoints
        CachingChatClient a = new CachingChatClient(endpoint, dir, CacheMode.ALL, connection("https://a"));
        CachingChatClient b = new CachingChatClient(endpoint, dir, CacheMode.ALL, connection("https://b"));

        // when
        a.chat(request(Map.of("temperature", 0)));
        b.chat(request(Map.of("temperature", 0)));
        a.chat(request(Map.of("temperature", 0, "max_tokens", 5)));
        a.chat(ChatRequest.chat("gpt-4o", List.of(ChatMessage.of("user", "What is 3+3?")), Map.of("temperature", 0)));

        // then each differs from the others
        assertThat(calls.get()).isEqualTo(4);
    }

    @Test
    void should_never_write_a_secret_into_the_cache() throws Exception {
        // given
        CachingChatClient cache = new CachingChatClient(endpoint, dir, CacheMode.ALL, connection("https://a"));

        // when
        cache.chat(request(Map.of("temperature", 0)));

        // then
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSize(1);
        assertThat(Files.readString(files.get(0))).contains("answer 1").doesNotContain(SECRET);
        assertThat(CachingChatClient.endpointIdentity(connection("https://a"))).doesNotContain(SECRET);
    }

    @ParameterizedTest
    @CsvSource({"'', DETERMINISTIC", "all, ALL", "off, OFF", "deterministic, DETERMINISTIC"})
    void should_parse_cache_modes(String text, CacheMode mode) {
        assertThat(CacheMode.parse(text)).isEqualTo(mode);
    }

    @Test
    void should_reject_an_unknown_cache_mode() {
        assertThatThrownBy(() -> CacheMode.parse("sometimes"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--cache: unknown mode 'sometimes'");
    }

    @Test
    void should_share_one_caching_client_per_connection() {
        // given
        ConnectionConfig config = connection("https://a");
        dev.llmops.llm.Connections plain = new dev.llmops.llm.Connections() {
            @Override
            public java.util.Optional<ConnectionConfig> config(String name) {
                return "aoai".equals(name) ? java.util.Optional.of(config) : java.util.Optional.empty();
            }

            @Override
            public ChatClient chatClient(String name) {
                return endpoint;
            }
        };
        CachingConnections cached = new CachingConnections(plain, dir, CacheMode.DETERMINISTIC);

        // when two lines ask for the client and make the same call
        cached.chatClient("aoai").chat(request(Map.of("temperature", 0)));
        cached.chatClient("aoai").chat(request(Map.of("temperature", 0)));

        // then
        assertThat(calls.get()).isEqualTo(1);
        assertThat(cached.hits()).isEqualTo(1);
        assertThat(cached.misses()).isEqualTo(1);
        assertThat(new CachingConnections(plain, dir, CacheMode.OFF).chatClient("aoai"))
                .isSameAs(endpoint);
    }
}
