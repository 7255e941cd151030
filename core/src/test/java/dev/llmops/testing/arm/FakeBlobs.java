package dev.llmops.testing.arm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Blob service of the workspace's default datastore, path-style like Azurite
 * ({@code /<account>/<container>/<blob>}): {@code Put Blob} of block blobs, checked against the account key
 * with the {@code SharedKey} scheme (string-to-sign of Blob service version 2015-02-21 and later).
 */
final class FakeBlobs {

    static final String ACCOUNT = "llmopsfakestore";
    static final String CONTAINER = "azureml-blobstore-0001";

    private final String key =
            Base64.getEncoder().encodeToString("fake-storage-account-key-32-bytes".getBytes(StandardCharsets.UTF_8));
    private final Map<String, byte[]> blobs = new LinkedHashMap<>();

    String accountKey() {
        return key;
    }

    synchronized Map<String, byte[]> blobs() {
        return Map.copyOf(blobs);
    }

    synchronized FakeResponse handle(FakeArmCall call, byte[] body) {
        String prefix = "/" + ACCOUNT + "/";
        if (!call.path().startsWith(prefix)) {
            return error(404, "AccountNotFound");
        }
        String blob = call.path().substring(prefix.length());
        if (!blob.startsWith(CONTAINER + "/")) {
            return error(404, "ContainerNotFound");
        }
        if (call.method().equals("GET")) {
            return get(call, blob);
        }
        if (!call.method().equals("PUT")) {
            return error(405, "UnsupportedHttpVerb");
        }
        if (!"BlockBlob".equals(call.header("x-ms-blob-type")) || call.header("x-ms-version") == null) {
            return error(400, "MissingRequiredHeader");
        }
        String auth = call.header("authorization");
        if (auth == null || !auth.equals("SharedKey " + ACCOUNT + ":" + signature(call, body.length))) {
            return error(403, "AuthenticationFailed");
        }
        blobs.put(java.net.URLDecoder.decode(blob.replace("+", "%2B"), StandardCharsets.UTF_8), body);
        return FakeResponse.empty(201).with("ETag", "\"0x1\"").with("x-ms-request-server-encrypted", "true");
    }

    /** {@code Get Blob}, signed like {@code Put Blob}; the blob's bytes as the body (the tests store text). */
    private FakeResponse get(FakeArmCall call, String blob) {
        String auth = call.header("authorization");
        if (auth == null || !auth.equals("SharedKey " + ACCOUNT + ":" + signature(call, 0))) {
            return error(403, "AuthenticationFailed");
        }
        byte[] content = blobs.get(java.net.URLDecoder.decode(blob.replace("+", "%2B"), StandardCharsets.UTF_8));
        if (content == null) {
            return error(404, "BlobNotFound");
        }
        return new FakeResponse(
                200, new LinkedHashMap<>(), new String(content, StandardCharsets.UTF_8), "application/octet-stream");
    }

    /** Puts a blob in place, as if uploaded: {@code path} inside the container. */
    synchronized void put(String path, byte[] content) {
        blobs.put(CONTAINER + "/" + path, content);
    }

    private String signature(FakeArmCall call, int length) {
        Map<String, String> ms = new TreeMap<>();
        call.headers().forEach((k, v) -> {
            if (k.startsWith("x-ms-")) {
                ms.put(k.toLowerCase(Locale.ROOT), v.strip());
            }
        });
        StringBuilder s = new StringBuilder(call.method()).append('\n');
        s.append(nz(call.header("content-encoding"))).append('\n');
        s.append(nz(call.header("content-language"))).append('\n');
        s.append(length == 0 ? "" : Integer.toString(length)).append('\n');
        s.append(nz(call.header("content-md5"))).append('\n');
        s.append(nz(call.header("content-type"))).append('\n');
        s.append(nz(call.header("date"))).append('\n');
        for (String h :
                new String[] {"if-modified-since", "if-match", "if-none-match", "if-unmodified-since", "range"}) {
            s.append(nz(call.header(h))).append('\n');
        }
        ms.forEach((k, v) -> s.append(k).append(':').append(v).append('\n'));
        s.append('/').append(ACCOUNT).append(call.path());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nz(String v) {
        return v == null ? "" : v;
    }

    private static FakeResponse error(int status, String code) {
        return FakeResponse.json(
                        status, "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code></Error>")
                .with("x-ms-error-code", code);
    }
}
