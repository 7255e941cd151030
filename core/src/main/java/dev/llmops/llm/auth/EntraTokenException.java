package dev.llmops.llm.auth;

/** No Entra ID token could be obtained. Retrying does not help until a credential is configured. */
public class EntraTokenException extends RuntimeException {

    public EntraTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
