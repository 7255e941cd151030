package dev.llmops.testing.arm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A self-signed certificate for {@code 127.0.0.1} and {@code localhost}, made once per test JVM with the JDK's
 * own {@code keytool} (no key material in the repository), and trusted by this JVM's default {@link SSLContext}
 * on top of the usual CAs, so code under test connects with its ordinary HTTPS clients.
 */
public final class TestCertificate {

    private static final char[] PASSWORD = "fake-arm-test".toCharArray();
    private static SSLContext server;
    private static KeyStore keys;
    private static Path trustStore;

    private TestCertificate() {}

    /** The server side; the first call also makes this JVM trust the certificate. */
    public static synchronized SSLContext serverContext() {
        if (server == null) {
            try {
                keys = generate();
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, PASSWORD);
                server = SSLContext.getInstance("TLS");
                server.init(kmf.getKeyManagers(), null, null);
                trustInThisJvm(keys);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot make the test certificate", e);
            }
        }
        return server;
    }

    /**
     * JVM options that make another JVM (a {@code llmops} process a test starts) trust the certificate: a PKCS12
     * trust store holding only it, written once per test JVM. The child trusts nothing else, so it reaches only the
     * fakes on loopback.
     */
    public static synchronized List<String> childJvmOptions() {
        serverContext();
        try {
            if (trustStore == null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, PASSWORD);
                trust.setCertificateEntry("fake-arm", keys.getCertificate("fake-arm"));
                Path file = Files.createTempFile("fake-arm-trust", ".p12");
                try (OutputStream out = Files.newOutputStream(file)) {
                    trust.store(out, PASSWORD);
                }
                file.toFile().deleteOnExit();
                trustStore = file;
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the test trust store", e);
        }
        return List.of(
                "-Djavax.net.ssl.trustStore=" + trustStore,
                "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-Djavax.net.ssl.trustStorePassword=" + new String(PASSWORD));
    }

    private static KeyStore generate() throws IOException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("fake-arm-cert");
        Path file = dir.resolve("fake-arm.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "fake-arm",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "san=ip:127.0.0.1,dns:localhost",
                        "-keystore",
                        file.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        new String(PASSWORD),
                        "-keypass",
                        new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD);
        }
        Files.delete(file);
        Files.delete(dir);
        return ks;
    }

    private static void trustInThisJvm(KeyStore keys) throws GeneralSecurityException {
        X509TrustManager ours = trustManager(keys);
        X509TrustManager usual = trustManager(null);
        X509TrustManager both = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                usual.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    ours.checkServerTrusted(chain, authType);
                } catch (CertificateException notOurs) {
                    usual.checkServerTrusted(chain, authType);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                X509Certificate[] a = ours.getAcceptedIssuers();
                X509Certificate[] b = usual.getAcceptedIssuers();
                X509Certificate[] all = new X509Certificate[a.length + b.length];
                System.arraycopy(a, 0, all, 0, a.length);
                System.arraycopy(b, 0, all, a.length, b.length);
                return all;
            }
        };
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {both}, null);
        SSLContext.setDefault(client);
    }

    private static X509TrustManager trustManager(KeyStore keys) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509TrustManager");
    }
}
