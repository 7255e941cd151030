package dev.llmops.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;

/**
 * A small Azure Resource Manager client on {@code java.net.http}: bearer tokens from an {@link ArmCredential},
 * {@code api-version} on every call, retries of idempotent calls on 429, 5xx and broken connections (honouring
 * {@code Retry-After}), paging through {@code nextLink}, and long-running operations ({@code 201} +
 * {@code Azure-AsyncOperation}, {@code 202} + {@code Location}) polled to their end with {@code Retry-After}
 * honoured, under an overall timeout. Errors are mapped once, from ARM's error body, to {@link ArmException}s.
 *
 * <p>Paths are relative to the endpoint ({@code /subscriptions/...}). Absolute URLs that ARM hands back
 * (operation status, next pages) are followed only on the endpoint's own host, so the token never leaves it.
 */
public final class ArmClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled", "cancelled");
    private static final Duration FIRST_POLL = Duration.ofSeconds(5);
    private static final Duration MAX_POLL = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(100);

    private final ArmSettings settings;
    private final String apiVersion;
    private final ArmCredential credential;
    private final HttpClient http;
    private final Sleeper sleeper;
    private final Clock clock;
    private final ArmProgress progress;

    public ArmClient(
            ArmSettings settings,
            String apiVersion,
            ArmCredential credential,
            HttpClient http,
            Sleeper sleeper,
            Clock clock,
            ArmProgress progress) {
        this.settings = settings;
        this.apiVersion = apiVersion;
        this.credential = credential;
        this.http = http;
        this.sleeper = sleeper;
        this.clock = clock;
        this.progress = progress;
    }

    /** The same client speaking another api-version (other resource providers). */
    public ArmClient withApiVersion(String version) {
        return new ArmClient(settings, version, credential, http, sleeper, clock, progress);
    }

    public ArmSettings settings() {
        return settings;
    }

    public String apiVersion() {
        return apiVersion;
    }

    /** The credential this client signs in with (for data-plane calls such as blob uploads). */
    public ArmCredential credential() {
        return credential;
    }

    /**
     * @throws ArmNotFoundException on 404
     */
    public JsonNode get(String path) {
        return parse(send("GET", url(path), null, true).body());
    }

    /** The resource, or empty on 404. */
    public Optional<JsonNode> find(String path) {
        try {
            return Optional.of(get(path));
        } catch (ArmNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Every element of a list, following {@code nextLink}. */
    public List<JsonNode> list(String path) {
        List<JsonNode> all = new ArrayList<>();
        URI next = url(path);
        for (int page = 0; next != null; page++) {
            if (page > 1000) {
                throw new ArmServerException("more than 1000 pages listing " + path + "; giving up", 0, null);
            }
            JsonNode body = parse(send("GET", next, null, true).body());
            body.path("value").forEach(all::add);
            String link = body.path("nextLink").asText("");
            next = link.isEmpty() ? null : sameHost(link);
        }
        return all;
    }

    /**
     * Creates or updates a resource and waits for it: {@code 200} is done (or polled while its
     * {@code provisioningState} is not final), {@code 201}/{@code 202} are polled through
     * {@code Azure-AsyncOperation} or {@code Location}; then the resource is read again.
     *
     * @param what the operation in words, for progress and errors ("create endpoint blue-ep")
     * @return the resource as it is once the operation ended
     * @throws ArmOperationFailedException when the operation ends {@code Failed} or {@code Canceled}
     * @throws ArmTimeoutException when it is still running at the overall timeout
     */
    public JsonNode put(String path, JsonNode body, String what) {
        Instant start = clock.instant();
        HttpResponse<String> first = send("PUT", url(path), body, true);
        JsonNode resource = parse(first.body());
        boolean async = first.headers().firstValue("azure-asyncoperation").isPresent()
                || first.headers().firstValue("location").isPresent();
        if (async) {
            awaitOperation(first, what, start);
            resource = get(path);
        }
        return awaitProvisioned(path, resource, what, start);
    }

    /**
     * An action ({@code listKeys}, {@code getLogs}, ...). A {@code 202} is polled through its {@code Location}
     * and the final body returned.
     *
     * @param idempotent whether the action may be sent again after a 5xx or a broken connection (a read such as
     *     {@code listKeys}); a 429 is always retried, as ARM did not run the request
     */
    public JsonNode post(String path, JsonNode body, boolean idempotent, String what) {
        HttpResponse<String> first = send("POST", url(path), body, idempotent);
        if (first.statusCode() == 202) {
            return parse(awaitOperation(first, what, clock.instant()));
        }
        return parse(first.body());
    }

    /**
     * An action whose answer is text, not JSON (a site's {@code containerlogs}); empty on {@code 204}. Never
     * re-sent after a 5xx.
     */
    public String postText(String path) {
        String body = send("POST", url(path), null, false).body();
        return body == null ? "" : body;
    }

    /**
     * Deletes a resource and waits until it is gone. A resource that is already gone is not an error.
     */
    public void delete(String path, String what) {
        Instant start = clock.instant();
        HttpResponse<String> first;
        try {
            first = send("DELETE", url(path), null, true);
        } catch (ArmNotFoundException gone) {
            return;
        }
        if (first.statusCode() == 202 || first.statusCode() == 201) {
            awaitOperation(first, what, start);
        }
    }

    /**
     * The resource once no operation runs on it: while its {@code provisioningState} is not final (an earlier
     * run was stopped mid-operation, someone else is changing it) it is polled. Empty when it does not exist
     * (or its deletion finished). A final {@code Failed} state is returned, not thrown: the caller may repair it.
     */
    public Optional<JsonNode> settle(String path, String what) {
        Instant start = clock.instant();
        Duration wait = FIRST_POLL;
        while (true) {
            HttpResponse<String> response;
            try {
                response = send("GET", url(path), null, true);
            } catch (ArmNotFoundException e) {
                return Optional.empty();
            }
            JsonNode resource = parse(response.body());
            String state = resource.path("properties").path("provisioningState").asText("Succeeded");
            if (TERMINAL.contains(state.toLowerCase(Locale.ROOT))) {
                return Optional.of(resource);
            }
            progress.polled(what, state, Duration.between(start, clock.instant()));
            wait = retryAfter(response).orElse(wait);
            pause(wait, what, start);
            wait = next(wait);
        }
    }

    // -- long-running operations -----------------------------------------------------------------------------

    /** Polls the operation a response started until it ends; returns the last body (Location flavour). */
    private String awaitOperation(HttpResponse<String> first, String what, Instant start) {
        Optional<String> asyncOp = first.headers().firstValue("azure-asyncoperation");
        Optional<String> location = first.headers().firstValue("location");
        Duration wait = retryAfter(first).orElse(FIRST_POLL);
        if (asyncOp.isPresent()) {
            URI status = sameHost(asyncOp.get());
            while (true) {
                pause(wait, what, start);
                HttpResponse<String> poll = send("GET", status, null, true);
                JsonNode body = parse(poll.body());
                String state = body.path("status").asText("InProgress");
                progress.polled(what, state, Duration.between(start, clock.instant()));
                if (TERMINAL.contains(state.toLowerCase(Locale.ROOT))) {
                    if (!state.equalsIgnoreCase("succeeded")) {
                        throw failed(what, state, ArmError.of(body));
                    }
                    if (location.isPresent() && !"PUT".equals(first.request().method())) {
                        HttpResponse<String> result = send("GET", sameHost(location.get()), null, true);
                        return result.body();
                    }
                    return poll.body();
                }
                wait = retryAfter(poll).orElse(next(wait));
            }
        }
        URI status = sameHost(location.orElseThrow());
        while (true) {
            pause(wait, what, start);
            HttpResponse<String> poll = send("GET", status, null, true);
            if (poll.statusCode() != 202) {
                progress.polled(what, "Succeeded", Duration.between(start, clock.instant()));
                return poll.body();
            }
            progress.polled(what, "InProgress", Duration.between(start, clock.instant()));
            wait = retryAfter(poll).orElse(next(wait));
        }
    }

    /** A resource answered before its provisioning ended (or ARM gave no operation URL): poll the resource. */
    private JsonNode awaitProvisioned(String path, JsonNode resource, String what, Instant start) {
        Duration wait = FIRST_POLL;
        while (true) {
            String state = resource.path("properties").path("provisioningState").asText("Succeeded");
            String lower = state.toLowerCase(Locale.ROOT);
            if (lower.equals("succeeded")) {
                return resource;
            }
            if (TERMINAL.contains(lower)) {
                throw failed(what, state, ArmError.of(resource.path("properties")));
            }
            pause(wait, what, start);
            resource = get(path);
            progress.polled(
                    what,
                    resource.path("properties").path("provisioningState").asText("?"),
                    Duration.between(start, clock.instant()));
            wait = next(wait);
        }
    }

    private ArmOperationFailedException failed(String what, String state, ArmError error) {
        String detail = error == null ? "ARM gave no reason" : error.describe();
        return new ArmOperationFailedException(what + " ended " + state + ": " + detail, 0, error);
    }

    private void pause(Duration wait, String what, Instant start) {
        Instant deadline = start.plus(settings.operationTimeout());
        Instant now = clock.instant();
        if (!now.plus(wait).isBefore(deadline) && !wait.isZero()) {
            throw new ArmTimeoutException(
                    what + " still running after " + human(Duration.between(start, now)) + " (timeout "
                            + human(settings.operationTimeout()) + "); it goes on in Azure: run the command again to"
                            + " wait for it and continue, or raise --timeout",
                    0,
                    null);
        }
        sleep(wait);
    }

    private static Duration next(Duration wait) {
        Duration grown = wait.isZero() ? FIRST_POLL : wait.multipliedBy(3).dividedBy(2);
        return grown.compareTo(MAX_POLL) > 0 ? MAX_POLL : grown;
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }

    // -- one request, with retries ---------------------------------------------------------------------------

    private HttpResponse<String> send(String method, URI url, JsonNode body, boolean idempotent) {
        Duration backoff = Duration.ofSeconds(1);
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request(method, url, body), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!idempotent || attempt >= settings.maxAttempts()) {
                    throw new ArmServerException(
                            method + " " + url.getPath() + " failed: no answer from " + settings.endpoint() + " ("
                                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                            0,
                            null);
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted during " + method + " " + url.getPath());
            }
            int status = response.statusCode();
            if (status < 400) {
                return response;
            }
            boolean retriable = status == 429 || (idempotent && (status >= 500 || status == 408));
            if (!retriable || attempt >= settings.maxAttempts()) {
                throw error(method, url, response);
            }
            Duration wait = retryAfter(response).orElse(backoff);
            sleep(wait);
            backoff = backoff.multipliedBy(2);
        }
    }

    private HttpRequest request(String method, URI url, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + credential.token(settings.scope()))
                .header("Accept", "application/json")
                .header("x-ms-client-request-id", UUID.randomUUID().toString())
                .header("User-Agent", "llmops");
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        } else if (method.equals("POST")) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(""));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    /** The one place an HTTP error becomes a typed exception. */
    static ArmException error(String method, URI url, HttpResponse<String> response) {
        int status = response.statusCode();
        ArmError error = ArmError.of(parseQuietly(response.body()));
        String said = error == null ? "HTTP " + status : "HTTP " + status + " " + error.describe();
        String call = method + " " + url.getPath();
        return switch (status) {
            case 401 ->
                new ArmAuthException(
                        call + ": " + said + ". The token was not accepted: sign in again ('az login') or check"
                                + " AZURE_TENANT_ID, AZURE_CLIENT_ID and the secret or federated credential",
                        status,
                        error);
            case 403 ->
                new ArmAuthException(
                        call + ": " + said + ". The identity lacks a role on " + scopeOf(url.getPath())
                                + ": grant it e.g. 'AzureML Data Scientist' on the workspace (or Contributor on the"
                                + " resource group)",
                        status,
                        error);
            case 404 -> new ArmNotFoundException(call + ": " + said, status, error);
            case 409 -> new ArmConflictException(call + ": " + said, status, error);
            case 429 ->
                new ArmThrottledException(call + ": " + said + " (still throttled after retries)", status, error);
            default ->
                status >= 500
                        ? new ArmServerException(call + ": " + said, status, error)
                        : new ArmRequestException(call + ": " + said, status, error);
        };
    }

    /** The workspace (or resource group, or subscription) a path lies in, for role hints. */
    static String scopeOf(String path) {
        String[] parts = path.split("/");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i + 1 < parts.length; i += 2) {
            sb.append('/').append(parts[i]).append('/').append(parts[i + 1]);
            if (parts[i].equalsIgnoreCase("workspaces")) {
                break;
            }
        }
        return sb.isEmpty() ? path : sb.toString();
    }

    private Optional<Duration> retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("retry-after").flatMap(v -> RetryAfter.parse(v, clock));
    }

    private void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for Azure");
        }
    }

    private URI url(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an ARM path starts with /: " + path);
        }
        String sep = path.contains("?") ? "&" : "?";
        return URI.create(settings.endpoint() + path + sep + "api-version=" + apiVersion);
    }

    /** An absolute URL ARM handed back; refused unless it is on the endpoint's host and scheme. */
    private URI sameHost(String link) {
        URI uri = URI.create(link);
        URI base = settings.endpoint();
        if (!base.getScheme().equalsIgnoreCase(uri.getScheme())
                || !base.getHost().equalsIgnoreCase(uri.getHost())
                || base.getPort() != uri.getPort()) {
            throw new ArmRequestException(
                    "ARM pointed at " + uri.getScheme() + "://" + uri.getAuthority() + ", not at " + base
                            + "; not following it (the token is only sent to the Resource Manager endpoint)",
                    0,
                    null);
        }
        return uri;
    }

    private static String write(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ArmServerException("Resource Manager answered with a body that is not JSON", 0, null);
        }
    }

    private static JsonNode parseQuietly(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
