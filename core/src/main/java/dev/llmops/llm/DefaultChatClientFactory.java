package dev.llmops.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.SystemEnv;
import dev.llmops.llm.auth.DefaultAzureCredentialTokens;
import dev.llmops.llm.auth.EntraTokenSource;
import dev.llmops.llm.http.AzureOpenAiChatClient;
import dev.llmops.llm.http.HttpLimits;
import dev.llmops.llm.http.HttpSupport;
import dev.llmops.llm.http.OpenAiChatClient;
import dev.llmops.llm.http.RetryPolicy;
import dev.llmops.llm.replay.RecordingChatClient;
import dev.llmops.llm.replay.RecordingWriter;
import dev.llmops.llm.replay.Recordings;
import dev.llmops.llm.replay.ReplayChatClient;
import dev.llmops.llm.replay.ReplayFormat;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Makes chat clients from connection configurations. Every client it makes shares one HTTP client (created on
 * first use, so replay-only runs open no sockets), one Entra ID token source and, with {@link
 * LlmOptions#recordFile()}, one recordings file that every live client appends to.
 */
public final class DefaultChatClientFactory implements ChatClientFactory {

    private final Path baseDir;
    private final LlmOptions options;
    private final Supplier<HttpSupport> support;
    private final EntraTokenSource entra;
    private final ObjectMapper json = new ObjectMapper();
    private RecordingWriter recorder;

    /**
     * @param baseDir where relative {@code recordings} paths start (the use case or experiment directory)
     */
    public DefaultChatClientFactory(Path baseDir, SystemEnv env, CallObserver observer, LlmOptions options) {
        this(
                baseDir,
                options,
                memoize(() -> HttpSupport.defaults(HttpSupport.newHttpClient(options.connectTimeout()), observer)),
                new DefaultAzureCredentialTokens(env, Clock.systemUTC()));
    }

    /** For tests: HTTP collaborators and the Entra token source given. */
    public DefaultChatClientFactory(
            Path baseDir, LlmOptions options, Supplier<HttpSupport> support, EntraTokenSource entra) {
        this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
        this.options = Objects.requireNonNull(options, "options");
        this.support = Objects.requireNonNull(support, "support");
        this.entra = Objects.requireNonNull(entra, "entra");
    }

    @Override
    public ChatClient create(ConnectionConfig config) {
        return create(LlmConnection.from(config, baseDir));
    }

    ChatClient create(LlmConnection connection) {
        return switch (connection) {
            case LlmConnection.Replay r ->
                new ReplayChatClient(r.name(), Recordings.load(r.recordings(), json), new ReplayFormat(json));
            case LlmConnection.AzureOpenAi a ->
                recorded(new AzureOpenAiChatClient(
                        a.name(),
                        support.get(),
                        retry(a.tuning()),
                        limits(a.tuning()),
                        a.apiBase(),
                        a.apiVersion(),
                        a.apiKey(),
                        entra));
            case LlmConnection.OpenAi o ->
                recorded(new OpenAiChatClient(
                        o.name(),
                        support.get(),
                        retry(o.tuning()),
                        limits(o.tuning()),
                        o.baseUrl(),
                        o.apiKey(),
                        o.organization()));
        };
    }

    private ChatClient recorded(ChatClient live) {
        RecordingWriter writer = recorder();
        return writer == null ? live : new RecordingChatClient(live, writer);
    }

    private synchronized RecordingWriter recorder() {
        if (recorder == null && options.recordFile() != null) {
            recorder = new RecordingWriter(options.recordFile(), json);
        }
        return recorder;
    }

    private RetryPolicy retry(LlmConnection.Tuning tuning) {
        return tuning.maxRetries() == null ? options.retry() : options.retry().withMaxAttempts(tuning.maxRetries() + 1);
    }

    private HttpLimits limits(LlmConnection.Tuning tuning) {
        return new HttpLimits(
                tuning.requestTimeout() == null ? options.requestTimeout() : tuning.requestTimeout(),
                tuning.maxResponseBytes() == null ? HttpLimits.DEFAULT_MAX_RESPONSE_BYTES : tuning.maxResponseBytes());
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
