package dev.llmops.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import dev.llmops.secret.SecretMasker;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Azure Container Registry login with an Entra ID identity: ACR's token exchange turns an Entra ID access token into
 * an ACR refresh token, which is the password of the fixed user {@code 00000000-0000-0000-0000-000000000000}
 * (what {@code az acr login} does). {@code POST https://REGISTRY/oauth2/exchange} with the form
 * {@code grant_type=access_token&service=REGISTRY&access_token=TOKEN} answers {@code {"refresh_token": "..."}}.
 */
final class AcrTokenExchange implements CredentialRetriever {

    /** The user name ACR expects with a refresh token. */
    static final String USER = "00000000-0000-0000-0000-000000000000";

    /** The Entra ID scope ACR accepts for the exchange. */
    static final String SCOPE = "https://containerregistry.azure.net/.default";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI exchange;
    private final String service;
    private final Supplier<String> entraToken;
    private final SecretMasker masker;
    private final HttpClient http;

    /**
     * @param base the registry's base URL, {@code https://myacr.azurecr.io}
     * @param service the registry name the token is for, {@code myacr.azurecr.io}
     * @param entraToken supplies an Entra ID access token for {@link #SCOPE}
     */
    AcrTokenExchange(URI base, String service, Supplier<String> entraToken, SecretMasker masker) {
        this.exchange = base.resolve("/oauth2/exchange");
        this.service = service;
        this.entraToken = entraToken;
        this.masker = masker;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
    }

    /** True for the registries of Azure's public and sovereign clouds. */
    static boolean isAcr(String registry) {
        String host = registry.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        return host.endsWith(".azurecr.io") || host.endsWith(".azurecr.cn") || host.endsWith(".azurecr.us");
    }

    @Override
    public Optional<Credential> retrieve() throws CredentialRetrievalException {
        String token = entraToken.get();
        masker.register(token);
        String form = "grant_type=access_token&service=" + encode(service) + "&access_token=" + encode(token);
        HttpRequest request = HttpRequest.newBuilder(exchange)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new CredentialRetrievalException(new IOException("the ACR token exchange at " + exchange
                        + " answered HTTP " + response.statusCode() + ": " + masker.mask(brief(response.body()))));
            }
            JsonNode body = JSON.readTree(response.body());
            String refresh = body.path("refresh_token").asText("");
            if (refresh.isEmpty()) {
                throw new CredentialRetrievalException(
                        new IOException("the ACR token exchange at " + exchange + " returned no refresh_token"));
            }
            masker.register(refresh);
            return Optional.of(Credential.from(USER, refresh));
        } catch (IOException e) {
            throw new CredentialRetrievalException(new IOException(
                    "the ACR token exchange at " + exchange + " failed: " + masker.mask(e.getMessage()), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialRetrievalException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String brief(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
