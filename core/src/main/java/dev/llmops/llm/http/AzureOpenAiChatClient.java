package dev.llmops.llm.http;

import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.LlmApi;
import dev.llmops.llm.auth.EntraTokenException;
import dev.llmops.llm.auth.EntraTokenSource;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Azure OpenAI: {@code POST {api_base}/openai/deployments/{deployment}/chat/completions?api-version=...} (or
 * {@code /completions}), authenticated by the {@code api-key} header or, without a key, an Entra ID bearer
 * token.
 */
public final class AzureOpenAiChatClient extends HttpChatClient {

    private final String apiBase;
    private final String apiVersion;
    private final String apiKey;
    private final EntraTokenSource entra;
    private final Map<String, URI> uris = new ConcurrentHashMap<>();

    /**
     * @param apiKey the key, or null to authenticate with {@code entra}
     */
    public AzureOpenAiChatClient(
            String connection,
            HttpSupport support,
            RetryPolicy retry,
            HttpLimits limits,
            String apiBase,
            String apiVersion,
            String apiKey,
            EntraTokenSource entra) {
        super(connection, support, retry, limits, apiKey == null ? List.of() : List.of(apiKey));
        this.apiBase = stripTrailingSlash(Objects.requireNonNull(apiBase, "apiBase"));
        this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
        this.apiKey = apiKey;
        this.entra = apiKey == null ? Objects.requireNonNull(entra, "entra") : entra;
    }

    @Override
    protected URI uri(ChatRequest request) {
        // Parsed once per deployment and API rather than on every call.
        return uris.computeIfAbsent(
                request.api() + " " + request.deployment(),
                k -> URI.create(
                        path(request) + "?api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8)));
    }

    /**
     * {@code stream_options} is known from API version 2024-09-01 (preview and later); older versions refuse a
     * request that has it, and their streams carry no usage.
     */
    @Override
    protected boolean streamUsage(ChatRequest request) {
        return apiVersion.compareTo("2024-09-01") >= 0;
    }

    @Override
    protected CallTarget target(ChatRequest request) {
        return new CallTarget(
                connection(),
                "Azure OpenAI",
                path(request),
                request.deployment(),
                "Check that a deployment named '" + request.deployment() + "' exists in the Azure OpenAI resource at "
                        + apiBase + " (deployment_name is the deployment's name, not the model's), that api_version '"
                        + apiVersion + "' is valid, and that api_base is the resource endpoint");
    }

    @Override
    protected void authorize(HttpRequest.Builder builder) throws AttemptFailure {
        if (apiKey != null) {
            builder.header("api-key", apiKey);
            return;
        }
        try {
            builder.header("Authorization", "Bearer " + entra.token());
        } catch (EntraTokenException e) {
            throw new AttemptFailure(
                    "Azure OpenAI connection '" + connection() + "' (endpoint " + apiBase + "): " + e.getMessage(),
                    false,
                    0,
                    -1,
                    e);
        }
    }

    private String path(ChatRequest request) {
        String operation = request.api() == LlmApi.CHAT ? "/chat/completions" : "/completions";
        return apiBase + "/openai/deployments/" + URLEncoder.encode(request.deployment(), StandardCharsets.UTF_8)
                + operation;
    }

    static String stripTrailingSlash(String url) {
        String out = url.strip();
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}
