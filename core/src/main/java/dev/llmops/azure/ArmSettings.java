package dev.llmops.azure;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where Resource Manager is and how long to wait for it.
 *
 * @param endpoint {@code https://management.azure.com} (or a sovereign cloud's, or a test's fake), no trailing slash
 * @param operationTimeout how long one long-running operation may take overall (deployments: often 10–30 minutes)
 * @param maxAttempts attempts of one idempotent request on 429, 5xx or a broken connection
 */
public record ArmSettings(URI endpoint, Duration operationTimeout, int maxAttempts) {

    public static final URI PUBLIC_CLOUD = URI.create("https://management.azure.com");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);

    public ArmSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        String s = endpoint.toString();
        if (s.endsWith("/")) {
            endpoint = URI.create(s.substring(0, s.length() - 1));
        }
        if (!"https".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("the Resource Manager endpoint must be https: " + endpoint);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public static ArmSettings defaults() {
        return new ArmSettings(PUBLIC_CLOUD, DEFAULT_TIMEOUT, 5);
    }

    /** The token scope of this endpoint: {@code <endpoint>/.default}. */
    public String scope() {
        return endpoint + "/.default";
    }
}
