package dev.llmops.azure;

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
import java.util.HashMap;
import java.util.Map;

/**
 * Tokens from azure-identity's {@code DefaultAzureCredential}: a service principal from {@code AZURE_TENANT_ID},
 * {@code AZURE_CLIENT_ID} and {@code AZURE_CLIENT_SECRET}, workload identity federation (GitHub OIDC, Azure
 * DevOps), managed identity, then the Azure CLI. Reads the variables from our {@link SystemEnv}, not the JVM's.
 * {@code AZURE_AUTHORITY_HOST} selects a sovereign cloud's sign-in host; a loopback host (a test's fake token
 * endpoint) also turns off instance discovery, which would ask login.microsoftonline.com about it.
 */
public final class DefaultArmCredential implements ArmCredential {

    private static final Duration EARLY_REFRESH = Duration.ofMinutes(5);

    private final SystemEnv env;
    private final Clock clock;
    private final Map<String, AccessToken> cached = new HashMap<>();
    private TokenCredential credential;

    public DefaultArmCredential(SystemEnv env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Override
    public synchronized String token(String scope) {
        AccessToken token = cached.get(scope);
        if (token != null
                && token.getExpiresAt().toInstant().isAfter(clock.instant().plus(EARLY_REFRESH))) {
            return token.getToken();
        }
        try {
            if (credential == null) {
                DefaultAzureCredentialBuilder builder =
                        new DefaultAzureCredentialBuilder().configuration(configuration());
                env.get("AZURE_AUTHORITY_HOST").filter(h -> !h.isBlank()).ifPresent(host -> {
                    builder.authorityHost(host);
                    if (isLoopback(host)) {
                        builder.disableInstanceDiscovery();
                    }
                });
                credential = builder.build();
            }
            token = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
        } catch (RuntimeException e) {
            throw new ArmAuthException(
                    "no Azure token could be obtained from the default credential chain ("
                            + e.getClass().getSimpleName() + "): sign in with 'az login', or set AZURE_TENANT_ID,"
                            + " AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (a service principal) or AZURE_FEDERATED_TOKEN_FILE"
                            + " (workload identity). The chain said: " + brief(e.getMessage()),
                    0,
                    null);
        }
        cached.put(scope, token);
        return token.getToken();
    }

    static boolean isLoopback(String host) {
        String h = host.replaceFirst("^https?://", "");
        return h.startsWith("127.") || h.startsWith("localhost") || h.startsWith("[::1]");
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
