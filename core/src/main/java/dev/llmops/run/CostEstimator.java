package dev.llmops.run;

import dev.llmops.error.ConfigException;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.TokenUsage;
import java.util.Map;
import java.util.Optional;

/**
 * Estimates what calls cost from prices a connection declares: {@code price_per_1k_prompt_tokens} and
 * {@code price_per_1k_completion_tokens} (in whatever currency the user prices in). A connection without prices
 * has no estimate.
 */
public final class CostEstimator {

    public static final String PROMPT_PRICE = "price_per_1k_prompt_tokens";
    public static final String COMPLETION_PRICE = "price_per_1k_completion_tokens";

    private final Map<String, ConnectionConfig> connections;

    public CostEstimator(Map<String, ConnectionConfig> connections) {
        this.connections = Map.copyOf(connections);
        connections.values().forEach(c -> {
            price(c, PROMPT_PRICE);
            price(c, COMPLETION_PRICE);
        });
    }

    /** The cost of the tokens used per connection; empty when no used connection declares a price. */
    public Optional<Double> estimate(Map<String, TokenUsage> usageByConnection) {
        double total = 0;
        boolean priced = false;
        for (Map.Entry<String, TokenUsage> e : usageByConnection.entrySet()) {
            ConnectionConfig c = connections.get(e.getKey());
            if (c == null) {
                continue;
            }
            Double p = price(c, PROMPT_PRICE);
            Double q = price(c, COMPLETION_PRICE);
            if (p != null || q != null) {
                priced = true;
                total += (p == null ? 0 : p) * e.getValue().promptTokens() / 1000.0;
                total += (q == null ? 0 : q) * e.getValue().completionTokens() / 1000.0;
            }
        }
        return priced ? Optional.of(total) : Optional.empty();
    }

    private static Double price(ConnectionConfig c, String key) {
        String v = c.property(key);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(v.strip());
            if (d < 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw ConfigException.of(
                    "connection '" + c.name() + "': " + key + " must be a non-negative number, was '" + v + "'",
                    "e.g. " + key + ": 0.0025");
        }
    }
}
