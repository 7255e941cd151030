package dev.llmops.azure;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Uploads files as block blobs (Blob service REST, {@code Put Blob}) to a workspace datastore's container, signed
 * with the account key ({@code SharedKey}), a SAS token, or an Entra token for identity-based datastores.
 */
public final class BlobUploader {

    /** Points uploads at another Blob service, path-style (Azurite, a private endpoint, a test's fake). */
    public static final String BLOB_ENDPOINT_VARIABLE = "LLMOPS_BLOB_ENDPOINT";

    static final String VERSION = "2021-08-06";
    private static final String STORAGE_SCOPE = "https://storage.azure.com/.default";

    /** How to sign. */
    public sealed interface Auth {
        record AccountKey(String key) implements Auth {}

        record Sas(String token) implements Auth {}

        record Entra(ArmCredential credential) implements Auth {}
    }

    /**
     * @param account the storage account
     * @param base {@code https://<account>.blob.core.windows.net}, or the override
     * @param container the datastore's container
     */
    public record Target(String account, URI base, String container) {

        /** The account's blob endpoint: {@code <protocol>://<account>.blob.<endpoint>}, unless overridden. */
        public static Target of(
                String account, String protocol, String endpointSuffix, String container, Optional<String> override) {
            URI base = URI.create(override.filter(o -> !o.isBlank())
                    .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o)
                    .orElse((protocol == null || protocol.isBlank() ? "https" : protocol) + "://" + account + ".blob."
                            + (endpointSuffix == null || endpointSuffix.isBlank()
                                    ? "core.windows.net"
                                    : endpointSuffix)));
            return new Target(account, base, container);
        }
    }

    private final HttpClient http;
    private final Clock clock;

    public BlobUploader(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /**
     * Uploads one file to {@code blobPath} (slash-separated, not encoded).
     *
     * @throws ArmAuthException when the service refuses the signature or the role (403)
     * @throws ArmServerException when it fails otherwise
     */
    public void upload(Target target, Auth auth, String blobPath, Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
        String rawPath = target.base().getRawPath() + "/" + target.container() + "/" + encodePath(blobPath);
        String query = auth instanceof Auth.Sas sas
                ? "?" + (sas.token().startsWith("?") ? sas.token().substring(1) : sas.token())
                : "";
        URI uri = URI.create(target.base().getScheme() + "://" + target.base().getRawAuthority() + rawPath + query);
        String date =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(5))
                .header("x-ms-blob-type", "BlockBlob")
                .header("x-ms-date", date)
                .header("x-ms-version", VERSION)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        switch (auth) {
            case Auth.AccountKey key ->
                b.header(
                        "Authorization",
                        "SharedKey " + target.account() + ":"
                                + sharedKey(
                                        key.key(),
                                        "PUT",
                                        bytes.length,
                                        "application/octet-stream",
                                        Map.of(
                                                "x-ms-blob-type",
                                                "BlockBlob",
                                                "x-ms-date",
                                                date,
                                                "x-ms-version",
                                                VERSION),
                                        "/" + target.account() + rawPath));
            case Auth.Sas sas -> {}
            case Auth.Entra entra ->
                b.header("Authorization", "Bearer " + entra.credential().token(STORAGE_SCOPE));
        }
        HttpResponse<String> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ArmServerException(
                    "uploading " + blobPath + " to " + target.base() + " failed: " + e.getMessage(), 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while uploading " + blobPath);
        }
        int status = response.statusCode();
        if (status == 201 || status == 200) {
            return;
        }
        String said = "uploading " + blobPath + " to container " + target.container() + " of storage account "
                + target.account() + ": HTTP " + status + " " + errorCode(response);
        if (status == 403 || status == 401) {
            throw new ArmAuthException(
                    said + ". For an identity-based datastore the identity needs 'Storage Blob Data"
                            + " Contributor' on the storage account",
                    status,
                    null);
        }
        throw new ArmServerException(said, status, null);
    }

    /** The {@code SharedKey} signature of a request (Blob service, version 2015-02-21 and later). */
    static String sharedKey(
            String accountKey,
            String verb,
            long length,
            String contentType,
            Map<String, String> msHeaders,
            String canonicalResource) {
        StringBuilder s = new StringBuilder();
        s.append(verb).append('\n'); // VERB
        s.append('\n'); // Content-Encoding
        s.append('\n'); // Content-Language
        s.append(length == 0 ? "" : String.valueOf(length)).append('\n');
        s.append('\n'); // Content-MD5
        s.append(contentType == null ? "" : contentType).append('\n');
        s.append('\n'); // Date (x-ms-date is used)
        s.append('\n')
                .append('\n')
                .append('\n')
                .append('\n'); // If-Modified-Since, If-Match, If-None-Match, If-Unmodified-Since
        s.append('\n'); // Range
        new TreeMap<>(msHeaders).forEach((k, v) -> s.append(k.toLowerCase(java.util.Locale.ROOT))
                .append(':')
                .append(v.strip())
                .append('\n'));
        s.append(canonicalResource);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(accountKey), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ArmAuthException(
                    "the datastore's account key cannot sign requests ("
                            + e.getClass().getSimpleName() + ")",
                    0,
                    null);
        }
    }

    static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (String segment : path.split("/")) {
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    private static String errorCode(HttpResponse<String> response) {
        return response.headers().firstValue("x-ms-error-code").orElse("");
    }
}
