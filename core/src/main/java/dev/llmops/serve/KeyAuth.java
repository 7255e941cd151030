package dev.llmops.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * API keys, given as {@code Authorization: Bearer KEY} or {@code api-key: KEY}. Keys are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, so the time taken says nothing about how much of a key matched, nor
 * its length; every configured key is compared on each request.
 */
final class KeyAuth {

    private final List<byte[]> digests;

    KeyAuth(List<String> keys) {
        this.digests = keys.stream().map(KeyAuth::sha256).toList();
    }

    boolean enabled() {
        return !digests.isEmpty();
    }

    /**
     * @param authorization the {@code Authorization} header, or null
     * @param apiKey the {@code api-key} header, or null
     */
    boolean accepts(String authorization, String apiKey) {
        if (digests.isEmpty()) {
            return true;
        }
        String given = apiKey;
        if (authorization != null
                && authorization.length() > 7
                && authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            given = authorization.substring(7).strip();
        }
        if (given == null || given.isEmpty()) {
            return false;
        }
        byte[] digest = sha256(given);
        boolean match = false;
        for (byte[] d : digests) {
            match |= MessageDigest.isEqual(d, digest);
        }
        return match;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
