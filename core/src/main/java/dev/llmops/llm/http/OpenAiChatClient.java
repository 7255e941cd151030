package dev.llmops.llm.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.LlmApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Objects;

/**
 * OpenAI (and OpenAI-compatible servers): {@code POST {base_url}/chat/completions} (or {@code /completions})
 * with {@code Authorization: Bearer} and, when set, {@code OpenAI-Organization}; the model travels in the body.
 */
public final class OpenAiChatClient extends HttpChatClient {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private final String baseUrl;
    private final String apiKey;
    private final String organization;
    private final URI chatUri;
    private final URI completionUri;

    /**
     * @param organization the organization id, or null
     */
    public OpenAiChatClient(
            String connection,
            HttpSupport support,
            RetryPolicy retry,
            HttpLimits limits,
            String baseUrl,
            String apiKey,
            String organization) {
        super(connection, support, retry, limits, List.of(Objects.requireNonNull(apiKey, "apiKey")));
        this.baseUrl = AzureOpenAiChatClient.stripTrailingSlash(Objects.requireNonNull(baseUrl, "baseUrl"));
        this.apiKey = apiKey;
        this.organization = organization;
        this.chatUri = URI.create(this.baseUrl + "/chat/completions");
        this.completionUri = URI.create(this.baseUrl + "/completions");
    }

    @Override
    protected URI uri(ChatRequest request) {
        return request.api() == LlmApi.CHAT ? chatUri : completionUri;
    }

    @Override
    protected CallTarget target(ChatRequest request) {
        return new CallTarget(
                connection(),
                "OpenAI",
                path(request),
                request.deployment(),
                "Check the model name '" + request.deployment() + "' (your key must have access to it) and that"
                        + " base_url " + baseUrl + " is the API root, e.g. https://api.openai.com/v1");
    }

    @Override
    protected void authorize(HttpRequest.Builder builder) {
        builder.header("Authorization", "Bearer " + apiKey);
        if (organization != null && !organization.isBlank()) {
            builder.header("OpenAI-Organization", organization);
        }
    }

    @Override
    protected ObjectNode body(ChatRequest request) {
        return wire().body(request, true);
    }

    private String path(ChatRequest request) {
        return uri(request).toString();
    }
}
