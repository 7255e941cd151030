package dev.llmops.dataops;

import dev.llmops.azure.ArmAuthException;
import dev.llmops.azure.ArmCredential;
import dev.llmops.azure.ArmNotFoundException;
import dev.llmops.azure.ArmServerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads one block blob (Blob service REST {@code Get Blob}, streamed) from a datastore's container, signed with the
 * account key ({@code SharedKey}), a SAS token, or an Entra token for identity-based datastores.
 */
final class BlobReader {

    private static final String VERSION = "2021-08-06";
    private static final String STORAGE_SCOPE = "https://storage.azure.com/.default";

    /** How to sign. */
    sealed interface Auth {
        record AccountKey(String key) implements Auth {
            @Override
            public String toString() {
                return "AccountKey[***]";
            }
        }

        record Sas(String token) implements Auth {
            @Override
            public String toString() {
                return "Sas[***]";
            }
        }

        record Entra(ArmCredential credential) implements Auth {}
    }

    /**
     * A datastore's container.
     *
     * @param base {@code <protocol>://<account>.blob.<suffix>}, or {@code LLMOPS_BLOB_ENDPOINT} (path-style)
     */
    record Container(String account, URI base, String name, Auth auth) {

        static Container of(
                String account,
                String protocol,
                String endpointSuffix,
                String container,
                Optional<String> override,
                Auth auth) {
            URI base = URI.create(override.filter(o -> !o.isBlank())
                    .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o)
                    .orElse((protocol == null || protocol.isBlank() ? "https" : protocol) + "://" + account + ".blob."
                            + (endpointSuffix == null || endpointSuffix.isBlank()
                                    ? "core.windows.net"
                                    : endpointSuffix)));
            return new Container(account, base, container, auth);
        }
    }

    private final HttpClient http;
    private final Clock clock;

    BlobReader(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /**
     * Streams a blob into {@code out}.
     *
     * @throws ArmNotFoundException when the container or the blob does not exist
     * @throws ArmAuthException when the service refuses the signature or the role
     * @throws ArmServerException when it fails otherwise or the connection breaks
     * @throws IOException when {@code out} cannot be written
     */
    void read(Container container, String blobPath, OutputStream out) throws IOException {
        String rawPath = container.base().getRawPath() + "/" + container.name() + "/" + encodePath(blobPath);
        String query = container.auth() instanceof Auth.Sas sas
                ? "?" + (sas.token().startsWith("?") ? sas.token().substring(1) : sas.token())
                : "";
        URI uri = URI.create(
                container.base().getScheme() + "://" + container.base().getRawAuthority() + rawPath + query);
        String date =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(30))
                .header("x-ms-date", date)
                .header("x-ms-version", VERSION)
                .GET();
        switch (container.auth()) {
            case Auth.AccountKey key ->
                b.header(
                        "Authorization",
                        "SharedKey " + container.account() + ":"
                                + sign(key.key(), date, "/" + container.account() + rawPath));
            case Auth.Sas sas -> {}
            case Auth.Entra entra ->
                b.header("Authorization", "Bearer " + entra.credential().token(STORAGE_SCOPE));
        }
        String where = blobPath + " in container " + container.name() + " of storage account " + container.account();
        HttpResponse<InputStream> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ArmServerException(
                    "downloading " + where + " from " + container.base() + " failed: " + e.getMessage(), 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while downloading " + blobPath);
        }
        try (InputStream in = response.body()) {
            int status = response.statusCode();
            if (status != 200) {
                String said = "downloading " + where + ": HTTP " + status + " "
                        + response.headers().firstValue("x-ms-error-code").orElse("");
                throw switch (status) {
                    case 404 -> new ArmNotFoundException(said, status, null);
                    case 401, 403 ->
                        new ArmAuthException(
                                said + ". For an identity-based datastore the identity needs 'Storage Blob Data"
                                        + " Reader' on the storage account",
                                status,
                                null);
                    default -> new ArmServerException(said, status, null);
                };
            }
            byte[] buffer = new byte[1 << 16];
            for (int n; ; ) {
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    throw new ArmServerException("downloading " + where + " broke off: " + e.getMessage(), 0, null);
                }
                if (n < 0) {
                    return;
                }
                out.write(buffer, 0, n);
            }
        }
    }

    /** The {@code SharedKey} signature of a {@code GET} without body (Blob service, version 2015-02-21 and later). */
    private static String sign(String accountKey, String date, String canonicalResource) {
        // VERB, then eleven standard headers (all empty for a GET without body or conditions), then x-ms-*, sorted
        String toSign = "GET\n" + "\n".repeat(11) + "x-ms-date:" + date + "\nx-ms-version:" + VERSION + "\n"
                + canonicalResource;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(accountKey), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ArmAuthException(
                    "the datastore's account key cannot sign requests ("
                            + e.getClass().getSimpleName() + ")",
                    0,
                    null);
        }
    }

    private static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (String segment : path.split("/")) {
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }
}
