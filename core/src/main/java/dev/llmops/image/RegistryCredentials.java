package dev.llmops.image;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.secret.SecretMasker;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Registry credentials, first found wins: a user name and password from the environment, then Docker's
 * {@code config.json} ({@code auths} entries and {@code credHelpers}/{@code credsStore} helpers), then, for an Azure
 * Container Registry, the default Azure credential's Entra ID token through ACR's token exchange. Passwords and
 * tokens are registered with the masker so that no output shows them.
 */
final class RegistryCredentials {

    /** The target registry's user name and password (or token); set both or neither. */
    static final String USERNAME = "LLMOPS_REGISTRY_USERNAME";

    static final String PASSWORD = "LLMOPS_REGISTRY_PASSWORD";

    /** The same for the base image's registry, when it needs credentials of its own. */
    static final String BASE_USERNAME = "LLMOPS_BASE_REGISTRY_USERNAME";

    static final String BASE_PASSWORD = "LLMOPS_BASE_REGISTRY_PASSWORD";

    private final SystemEnv env;
    private final SecretMasker masker;
    private final Consumer<LogEvent> log;

    RegistryCredentials(SystemEnv env, SecretMasker masker, Consumer<LogEvent> log) {
        this.env = env;
        this.masker = masker;
        this.log = log;
    }

    /** The target image, with its credentials. */
    RegistryImage target(ImageReference reference) {
        return withCredentials(reference, USERNAME, PASSWORD);
    }

    /** The base image, with its credentials. */
    RegistryImage base(ImageReference reference) {
        return withCredentials(reference, BASE_USERNAME, BASE_PASSWORD);
    }

    private RegistryImage withCredentials(ImageReference reference, String userVariable, String passwordVariable) {
        RegistryImage image = RegistryImage.named(reference);
        CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(reference, log, env.variables());
        Optional<String> user = env.get(userVariable).filter(s -> !s.isEmpty());
        Optional<String> password = env.get(passwordVariable).filter(s -> !s.isEmpty());
        if (user.isPresent() != password.isPresent()) {
            throw ConfigException.of(
                    (user.isPresent() ? userVariable : passwordVariable) + " is set but "
                            + (user.isPresent() ? passwordVariable : userVariable) + " is not",
                    "set both to log in to " + reference.getRegistry() + ", or neither to use Docker's config.json");
        }
        if (user.isPresent()) {
            masker.register(password.get());
            image.addCredentialRetriever(
                    factory.known(Credential.from(user.get(), password.get()), userVariable + "/" + passwordVariable));
        }
        image.addCredentialRetriever(factory.dockerConfig(dockerConfig()));
        if (AcrTokenExchange.isAcr(reference.getRegistry())) {
            image.addCredentialRetriever(new AcrTokenExchange(
                    URI.create("https://" + reference.getRegistry()),
                    reference.getRegistry(),
                    this::entraToken,
                    masker));
        }
        return image;
    }

    /** An Entra ID token for ACR from the default Azure credential chain (az login, a service principal, ...). */
    private String entraToken() {
        ConfigurationSource none = path -> Map.of();
        ConfigurationSource variables = path -> env.variables();
        try {
            return new DefaultAzureCredentialBuilder()
                    .configuration(new ConfigurationBuilder(none, none, variables).build())
                    .build()
                    .getTokenSync(new TokenRequestContext().addScopes(AcrTokenExchange.SCOPE))
                    .getToken();
        } catch (RuntimeException e) {
            throw ConfigException.of(
                    "no credentials for the Azure Container Registry, and no Entra ID token for its token exchange ("
                            + e.getClass().getSimpleName() + ")",
                    "run 'az login' (or set AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), 'az acr login',"
                            + " or set " + USERNAME + " and " + PASSWORD);
        }
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    Path dockerConfig() {
        return env.get("DOCKER_CONFIG")
                .filter(s -> !s.isBlank())
                .map(d -> env.resolve(d).resolve("config.json"))
                .orElseGet(() -> Path.of(env.get("HOME").orElse(System.getProperty("user.home")))
                        .resolve(".docker/config.json"));
    }
}
