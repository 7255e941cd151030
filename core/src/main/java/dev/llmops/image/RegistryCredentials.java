package dev.llmops.image;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.secret.SecretMasker;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Registry credentials, first found wins: a user name and password from the environment, then Docker's
 * {@code config.json} ({@code auths} entries and {@code credHelpers}/{@code credsStore} helpers). Passwords are
 * registered with the masker so that no output shows them.
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
        return image;
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
