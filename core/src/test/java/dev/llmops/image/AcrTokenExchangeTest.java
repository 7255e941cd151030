package dev.llmops.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import com.sun.net.httpserver.HttpServer;
import dev.llmops.secret.SecretMasker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ACR's token exchange, against a loopback server speaking its protocol ({@code POST /oauth2/exchange}). */
class AcrTokenExchangeTest {

    private static final String ENTRA_TOKEN = "eyJ0eXAi.entra-token.sig";

    private HttpServer server;
    private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = "{\"refresh_token\": \"acr-refresh-token-123\"}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/oauth2/exchange", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : form.split("&")) {
                String[] kv = pair.split("=", 2);
                fields.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            fields.put("method", exchange.getRequestMethod());
            fields.put("content-type", exchange.getRequestHeaders().getFirst("Content-Type"));
            forms.add(fields);
            byte[] out = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void should_exchange_the_entra_token_for_a_refresh_token_and_mask_both() throws Exception {
        // given
        SecretMasker masker = new SecretMasker();

        // when
        Credential credential = exchange(masker).retrieve().orElseThrow();

        // then
        assertThat(forms).singleElement().satisfies(f -> assertThat(f)
                .containsEntry("method", "POST")
                .containsEntry("content-type", "application/x-www-form-urlencoded")
                .containsEntry("grant_type", "access_token")
                .containsEntry("service", "myacr.azurecr.io")
                .containsEntry("access_token", ENTRA_TOKEN));
        assertThat(credential.getUsername()).isEqualTo("00000000-0000-0000-0000-000000000000");
        assertThat(credential.getPassword()).isEqualTo("acr-refresh-token-123");
        assertThat(masker.mask("a acr-refresh-token-123 b " + ENTRA_TOKEN)).isEqualTo("a *** b ***");
    }

    @Test
    void should_fail_naming_the_status_and_never_the_token_when_the_exchange_refuses() {
        // given: the registry echoes the token in its error, as some do
        status = 401;
        body = "{\"errors\": [{\"code\": \"UNAUTHORIZED\", \"message\": \"bad token " + ENTRA_TOKEN + "\"}]}";

        // when / then
        assertThatThrownBy(() -> exchange(new SecretMasker()).retrieve())
                .isInstanceOf(CredentialRetrievalException.class)
                .cause()
                .hasMessageContaining("answered HTTP 401")
                .hasMessageContaining("UNAUTHORIZED")
                .hasMessageNotContaining(ENTRA_TOKEN);
    }

    @Test
    void should_fail_when_the_answer_has_no_refresh_token() {
        // given
        body = "{\"access_token\": \"not-what-we-asked\"}";

        // when / then
        assertThatThrownBy(() -> exchange(new SecretMasker()).retrieve())
                .cause()
                .hasMessageContaining("returned no refresh_token");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "myacr.azurecr.io, true",
        "MyAcr.AzureCR.io:443, true",
        "myacr.azurecr.cn, true",
        "myacr.azurecr.us, true",
        "ghcr.io, false",
        "azurecr.io.example.com, false",
        "127.0.0.1:5000, false"
    })
    void should_recognise_azure_container_registries(String registry, boolean acr) {
        assertThat(AcrTokenExchange.isAcr(registry)).isEqualTo(acr);
    }

    private AcrTokenExchange exchange(SecretMasker masker) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new AcrTokenExchange(base, "myacr.azurecr.io", () -> ENTRA_TOKEN, masker);
    }
}
