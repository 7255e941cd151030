package dev.llmops.llm;

/** Tokens used by one call, or summed over many. */
public record TokenUsage(long promptTokens, long completionTokens) {

    public static final TokenUsage ZERO = new TokenUsage(0, 0);

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
