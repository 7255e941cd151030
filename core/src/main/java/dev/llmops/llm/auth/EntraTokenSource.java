package dev.llmops.llm.auth;

/**
 * Supplies Microsoft Entra ID bearer tokens for Azure OpenAI connections that have no {@code api_key}.
 * Implementations cache tokens until shortly before they expire and are thread-safe.
 */
@FunctionalInterface
public interface EntraTokenSource {

    /** The scope Azure OpenAI accepts. */
    String COGNITIVE_SERVICES_SCOPE = "https://cognitiveservices.azure.com/.default";

    /**
     * @throws EntraTokenException when no credential in the chain could produce a token
     */
    String token();
}
