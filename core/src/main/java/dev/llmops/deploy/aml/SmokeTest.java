package dev.llmops.deploy.aml;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * Scores a request against one deployment of an endpoint, bypassing its traffic split: the
 * {@code azureml-model-deployment} header pins the deployment, so a new one is tested at 0 %.
 */
final class SmokeTest {

    /** The service's own request limit for managed endpoints. */
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static final int SHOWN = 2000;

    private final HttpClient http;

    SmokeTest(HttpClient http) {
        this.http = http;
    }

    record Result(int status, String body) {
        /** The body, cut for an error line. */
        String shortBody() {
            String flat = body.strip();
            return flat.isEmpty() ? "(empty body)" : flat.length() <= SHOWN ? flat : flat.substring(0, SHOWN) + "...";
        }
    }

    /**
     * @param key the endpoint key (never printed)
     * @return the status and body; status 0 when the endpoint did not answer at all
     */
    Result score(String scoringUri, String key, String deployment, String request) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(scoringUri))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .header("azureml-model-deployment", deployment)
                .POST(HttpRequest.BodyPublishers.ofString(request))
                .build();
        try {
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            return new Result(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Result(
                    0, "no answer from " + scoringUri + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted during the smoke test");
        }
    }
}
