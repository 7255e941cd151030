package dev.llmops.llm;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.llm.http.HttpLimits;
import dev.llmops.llm.http.OpenAiChatClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A connection that can serve llm nodes, validated from its {@link ConnectionConfig}. Secrets stay in the
 * records only as long as the client needs them; {@code toString} never shows them.
 */
public sealed interface LlmConnection {

    String DEFAULT_AZURE_API_VERSION = "2024-10-21";

    String name();

    /** Azure OpenAI; {@code apiKey} null means Entra ID. */
    record AzureOpenAi(String name, String apiBase, String apiVersion, String apiKey, Tuning tuning)
            implements LlmConnection {
        @Override
        public String toString() {
            return "AzureOpenAi[name=" + name + ", apiBase=" + apiBase + ", apiVersion=" + apiVersion + ", apiKey="
                    + (apiKey == null ? "none (Entra ID)" : "***") + "]";
        }
    }

    /** OpenAI or an OpenAI-compatible server. */
    record OpenAi(String name, String baseUrl, String apiKey, String organization, Tuning tuning)
            implements LlmConnection {
        @Override
        public String toString() {
            return "OpenAi[name=" + name + ", baseUrl=" + baseUrl + ", apiKey=***, organization=" + organization + "]";
        }
    }

    /** Answers from a recordings file or directory. */
    record Replay(String name, Path recordings) implements LlmConnection {}

    /**
     * Per-connection overrides of {@link LlmOptions}; null means "use the run's option".
     *
     * @param requestTimeout from {@code request_timeout_seconds} (or {@code timeout})
     * @param maxRetries from {@code max_retries}: retries after the first attempt
     * @param maxResponseBytes from {@code max_response_mb}: the largest response body accepted
     */
    record Tuning(Duration requestTimeout, Integer maxRetries, Long maxResponseBytes) {}

    /**
     * Validates a configuration.
     *
     * @param baseDir where relative {@code recordings} paths start
     * @throws ConfigException listing every problem, or when the type cannot serve llm nodes
     */
    static LlmConnection from(ConnectionConfig config, Path baseDir) {
        List<String> problems = new ArrayList<>();
        String type = config.type().toLowerCase(Locale.ROOT).replace("_", "");
        LlmConnection connection =
                switch (type) {
                    case "azureopenaiconnection", "azureopenai" -> {
                        String apiBase = first(config, "api_base", "azure_endpoint", "endpoint");
                        if (apiBase == null) {
                            problems.add("has no api_base (e.g. api_base: https://<resource>.openai.azure.com/)");
                        } else {
                            checkUrl("api_base", apiBase, problems);
                        }
                        String version = first(config, "api_version");
                        yield new AzureOpenAi(
                                config.name(),
                                apiBase,
                                version == null ? DEFAULT_AZURE_API_VERSION : version,
                                first(config, "api_key"),
                                tuning(config, problems));
                    }
                    case "openaiconnection", "openai" -> {
                        String key = first(config, "api_key");
                        if (key == null) {
                            problems.add("has no api_key (set it through the environment, e.g. "
                                    + config.name().toUpperCase(Locale.ROOT) + "_API_KEY for api_key: ${api_key})");
                        }
                        String base = first(config, "base_url", "api_base");
                        if (base != null) {
                            checkUrl("base_url", base, problems);
                        }
                        yield new OpenAi(
                                config.name(),
                                base == null ? OpenAiChatClient.DEFAULT_BASE_URL : base,
                                key,
                                first(config, "organization"),
                                tuning(config, problems));
                    }
                    case "replayconnection", "replay" -> {
                        String recordings = first(config, "recordings");
                        if (recordings == null) {
                            problems.add("has no recordings (the JSONL file or directory to answer from)");
                        }
                        yield new Replay(
                                config.name(),
                                recordings == null
                                        ? null
                                        : baseDir.resolve(recordings).normalize());
                    }
                    default ->
                        throw ConfigException.of(
                                "connection '" + config.name() + "' of type " + config.type()
                                        + " cannot serve llm nodes",
                                "use an AzureOpenAIConnection, OpenAIConnection or ReplayConnection");
                };
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream()
                    .map(p -> Problem.error(
                            null, 0, 0, "connection '" + config.name() + "' (" + config.type() + ") " + p, null))
                    .toList());
        }
        return connection;
    }

    private static String first(ConnectionConfig config, String... keys) {
        for (String key : keys) {
            String value = config.property(key);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    private static void checkUrl(String key, String value, List<String> problems) {
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new URISyntaxException(value, "not an absolute http(s) URL");
            }
            if (uri.getRawQuery() != null) {
                throw new URISyntaxException(value, "has a query string; give the endpoint only");
            }
        } catch (URISyntaxException e) {
            problems.add("has " + key + " '" + value + "' which is not a usable endpoint URL (" + e.getReason()
                    + "); e.g. https://<resource>.openai.azure.com/");
        }
    }

    private static Tuning tuning(ConnectionConfig config, List<String> problems) {
        Duration timeout = null;
        String seconds = first(config, "request_timeout_seconds", "timeout");
        if (seconds != null) {
            try {
                double value = Double.parseDouble(seconds);
                if (value <= 0) {
                    throw new NumberFormatException();
                }
                timeout = Duration.ofMillis(Math.round(value * 1000));
            } catch (NumberFormatException e) {
                problems.add("has request_timeout_seconds '" + seconds + "'; give a positive number of seconds");
            }
        }
        Integer retries = null;
        String maxRetries = first(config, "max_retries");
        if (maxRetries != null) {
            try {
                retries = Integer.parseInt(maxRetries);
                if (retries < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problems.add("has max_retries '" + maxRetries + "'; give a whole number, 0 or more");
                retries = null;
            }
        }
        Long maxResponse = null;
        String megabytes = first(config, "max_response_mb");
        if (megabytes != null) {
            try {
                double value = Double.parseDouble(megabytes);
                long bytes = Math.round(value * 1024 * 1024);
                if (!(value > 0) || bytes < 1 || bytes > HttpLimits.MAX_RESPONSE_BYTES_CEILING) {
                    throw new NumberFormatException();
                }
                maxResponse = bytes;
            } catch (NumberFormatException e) {
                problems.add("has max_response_mb '" + megabytes + "'; give a positive number of megabytes, at most "
                        + HttpLimits.MAX_RESPONSE_BYTES_CEILING / (1024 * 1024) + " (the default is "
                        + HttpLimits.DEFAULT_MAX_RESPONSE_BYTES / (1024 * 1024) + ")");
            }
        }
        return new Tuning(timeout, retries, maxResponse);
    }
}
