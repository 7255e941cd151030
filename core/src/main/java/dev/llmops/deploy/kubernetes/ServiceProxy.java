package dev.llmops.deploy.kubernetes;

import dev.llmops.error.RunFailedException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The smoke test: {@code POST /score} with {@code TEST_FILE_PATH} to one Service, through the API server's service
 * proxy ({@code /api/v1/namespaces/NS/services/NAME:80/proxy/score}), so it needs neither a port-forward nor an
 * Ingress and reaches a slot before any client does. The key goes as {@code api-key}: the API server consumes the
 * {@code Authorization} header itself.
 */
final class ServiceProxy {

    private static final long TIMEOUT_SECONDS = 240;
    private static final int SHOWN = 1000;

    private ServiceProxy() {}

    /** The path of {@code /score} of a Service, through the API server. */
    static String scorePath(String namespace, String service) {
        return "api/v1/namespaces/" + namespace + "/services/" + service + ":" + KubernetesObjects.SERVICE_PORT
                + "/proxy/score";
    }

    /**
     * @param key the serving key (never printed), or empty when the image serves without keys
     * @param fix what to say after a failure (where traffic stays)
     * @throws RunFailedException unless the Service answers 200
     */
    static void smokeTest(
            KubernetesCluster cluster,
            String service,
            String testFile,
            String body,
            Optional<String> key,
            Consumer<String> log,
            String fix) {
        String base = cluster.client().getMasterUrl().toString();
        String url = (base.endsWith("/") ? base : base + "/") + scorePath(cluster.namespace(), service);
        HttpClient http = cluster.client().getHttpClient();
        HttpRequest.Builder b = http.newHttpRequestBuilder()
                .uri(url)
                .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .header("Accept", "application/json")
                .post("application/json", body);
        key.ifPresent(k -> b.header("api-key", k));
        HttpResponse<String> response;
        try {
            response = http.sendAsync(b.build(), String.class).get(TIMEOUT_SECONDS + 10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new RunFailedException(
                    "smoke test of service " + service + " failed: POST /" + scorePath(cluster.namespace(), service)
                            + " at " + cluster.server() + " got no answer ("
                            + cause.getClass().getSimpleName() + " "
                            + cause.getMessage() + "); " + fix);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted during the smoke test");
        }
        if (response.code() != 200) {
            String text =
                    Optional.ofNullable(response.body()).orElse("").strip().replaceAll("\\s+", " ");
            throw new RunFailedException("smoke test of service " + service + " failed: POST /score with " + testFile
                    + " through the API server answered HTTP " + response.code()
                    + (text.isEmpty() ? "" : ": " + (text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text))
                    + "; " + fix);
        }
        log.accept("smoke test passed: service " + service + " answered POST /score with " + testFile + ": HTTP 200");
    }
}
