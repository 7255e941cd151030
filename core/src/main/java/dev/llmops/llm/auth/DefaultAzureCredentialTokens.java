package dev.llmops.llm.auth;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.llmops.SystemEnv;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Tokens from azure-identity's {@code DefaultAzureCredential} chain (environment service principal, workload
 * identity, managed identity, Azure CLI, ...), reading environment variables from our {@link SystemEnv} rather
 * than the JVM's. The credential is built on first use only, so runs that use api keys never load it.
 */
public final class DefaultAzureCredentialTokens implements EntraTokenSource {

    /** Refresh this long before expiry, so a token never runs out during a request. */
    private static final Duration EARLY_REFRESH = Duration.ofMinutes(5);

    private final SystemEnv env;
    private final Clock clock;
    private TokenCredential credential;
    private AccessToken cached;

    public DefaultAzureCredentialTokens(SystemEnv env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Override
    public synchronized String token() {
        if (cached != null
                && cached.getExpiresAt().toInstant().isAfter(clock.instant().plus(EARLY_REFRESH))) {
            return cached.getToken();
        }
        try {
            if (credential == null) {
                credential = new DefaultAzureCredentialBuilder()
                        .configuration(configuration())
                        .build();
            }
            cached = credential.getTokenSync(new TokenRequestContext().addScopes(COGNITIVE_SERVICES_SCOPE));
            return cached.getToken();
        } catch (RuntimeException e) {
            throw new EntraTokenException(
                    "no api_key is set, and no Entra ID token could be obtained from the default Azure credential"
                            + " chain (" + e.getClass().getSimpleName() + "). Set the connection's api_key (e.g. the"
                            + " <CONNECTION>_API_KEY environment variable), or sign in with 'az login', or set"
                            + " AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET for a service principal."
                            + " The chain said: " + brief(e.getMessage()),
                    e);
        }
    }

    private static String brief(String message) {
        if (message == null) {
            return "(nothing)";
        }
        String flat = message.replaceAll("\\s+", " ").strip();
        return flat.length() <= 400 ? flat : flat.substring(0, 400) + "...";
    }

    private Configuration configuration() {
        ConfigurationSource none = path -> Map.of();
        ConfigurationSource variables = path -> env.variables();
        return new ConfigurationBuilder(none, none, variables).build();
    }
}
