package dev.llmops.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.SystemEnv;
import dev.llmops.testing.arm.FakeArm;
import dev.llmops.testing.arm.FakeArmCall;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArmClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeArm arm;
    private final List<Duration> sleeps = new ArrayList<>();
    private final MutableClock clock = new MutableClock();
    private AzureWorkspace ws;

    @BeforeEach
    void start() {
        arm = FakeArm.start();
        ws = new AzureWorkspace(FakeArm.SUBSCRIPTION, FakeArm.RESOURCE_GROUP, FakeArm.WORKSPACE);
    }

    @AfterEach
    void stop() {
        arm.close();
    }

    private ArmClient client(Map<String, String> overrides, Duration timeout) {
        Map<String, String> env = new HashMap<>(arm.environment());
        env.putAll(overrides);
        SystemEnv system = new SystemEnv(env, Path.of("."));
        return new ArmClient(
                new ArmSettings(arm.endpoint(), timeout, 4),
                "2024-10-01",
                new DefaultArmCredential(system, Clock.systemUTC()),
                HttpClient.newHttpClient(),
                d -> {
                    sleeps.add(d);
                    clock.advance(d);
                },
                clock,
                ArmProgress.NONE);
    }

    private ArmClient client() {
        return client(Map.of(), Duration.ofMinutes(60));
    }

    @Test
    void should_sign_in_through_the_token_endpoint_and_send_the_bearer_token() {
        // when
        JsonNode workspace = client().get(ws.id());

        // then
        assertThat(workspace.path("location").asText()).isEqualTo(FakeArm.LOCATION);
        List<FakeArmCall> calls = arm.calls();
        FakeArmCall token = calls.stream()
                .filter(c -> c.path().endsWith("/oauth2/v2.0/token"))
                .findFirst()
                .orElseThrow();
        assertThat(token.path()).startsWith("/" + FakeArm.TENANT + "/");
        assertThat(FakeArmCall.decode(token.body()).get("scope").split(" ")).contains(arm.endpoint() + "/.default");
        FakeArmCall get = calls.getLast();
        assertThat(get.header("authorization")).startsWith("Bearer fake-arm-token-");
        assertThat(get.params()).containsEntry("api-version", "2024-10-01");
    }

    @Test
    void should_map_a_rejected_client_secret_to_an_auth_error_before_any_call() {
        // when / then
        assertThatThrownBy(() -> client(Map.of("AZURE_CLIENT_SECRET", "wrong"), Duration.ofMinutes(1))
                        .get(ws.id()))
                .isInstanceOf(ArmAuthException.class)
                .hasMessageContaining("az login");
        assertThat(arm.calls(c -> c.path().startsWith("/subscriptions/"))).isEmpty();
    }

    @Test
    void should_poll_an_async_operation_honouring_retry_after_then_read_the_resource() {
        // given
        arm.retryAfter("7").pollsPerOperation(3);

        // when
        JsonNode endpoint = client().put(ws.path("onlineEndpoints/ep1"), endpointBody(), "create endpoint ep1");

        // then
        assertThat(endpoint.path("properties").path("provisioningState").asText())
                .isEqualTo("Succeeded");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7), Duration.ofSeconds(7));
        assertThat(arm.calls(c -> c.path().contains("/mfeOperationsStatus/"))).hasSize(3);
        assertThat(arm.calls().getLast().brief()).isEqualTo("GET /onlineEndpoints/ep1");
    }

    @Test
    void should_back_off_when_the_operation_gives_no_retry_after() {
        // given: Retry-After 0 means "poll now"; the client still never spins faster than the server allows
        arm.pollsPerOperation(2);

        // when
        client().put(ws.path("onlineEndpoints/ep1"), endpointBody(), "create endpoint ep1");

        // then
        assertThat(sleeps).isEmpty();
        assertThat(arm.calls(c -> c.path().contains("/mfeOperationsStatus/"))).hasSize(2);
    }

    @Test
    void should_retry_a_throttled_get_after_retry_after() {
        // given
        arm.retryAfter("3").fail("GET", "/workspaces/", 2, 429, "TooManyRequests", "slow down");

        // when
        JsonNode workspace = client().get(ws.id());

        // then
        assertThat(workspace.path("name").asText()).isEqualTo(FakeArm.WORKSPACE);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @Test
    void should_give_up_on_throttling_after_the_last_attempt() {
        // given
        arm.fail("GET", "/workspaces/", 4, 429, "TooManyRequests", "slow down");

        // when / then
        assertThatThrownBy(() -> client().get(ws.id()))
                .isInstanceOf(ArmThrottledException.class)
                .hasMessageContaining("TooManyRequests");
    }

    @Test
    void should_not_retry_a_post_that_is_not_idempotent_on_a_server_error() {
        // given
        arm.fail("POST", "/regenerateKeys", 1, 500, "InternalServerError", "boom");

        // when / then
        assertThatThrownBy(() -> client().post(ws.path("onlineEndpoints/ep1/regenerateKeys"), null, false, "x"))
                .isInstanceOf(ArmServerException.class);
        assertThat(arm.calls(c -> c.path().endsWith("/regenerateKeys"))).hasSize(1);
    }

    @Test
    void should_name_the_scope_and_a_role_on_403() {
        // given
        arm.fail(
                "PUT",
                "/onlineEndpoints/",
                1,
                403,
                "AuthorizationFailed",
                "The client does not have authorization to perform action"
                        + " 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/write'");

        // when / then
        assertThatThrownBy(() -> client().put(ws.path("onlineEndpoints/ep1"), endpointBody(), "create endpoint"))
                .isInstanceOf(ArmAuthException.class)
                .hasMessageContaining("AuthorizationFailed")
                .hasMessageContaining("lacks a role on " + ws.id())
                .hasMessageContaining("AzureML Data Scientist");
    }

    @Test
    void should_map_status_codes_to_typed_errors() {
        // given
        arm.fail("GET", "/computes/a", 1, 409, "Conflict", "busy");
        arm.fail("GET", "/computes/b", 1, 400, "UserError", "bad");

        // when / then
        assertThatThrownBy(() -> client().get(ws.path("computes/a"))).isInstanceOf(ArmConflictException.class);
        assertThatThrownBy(() -> client().get(ws.path("computes/b")))
                .isInstanceOf(ArmRequestException.class)
                .hasMessageContaining("UserError: bad");
        assertThat(client().find(ws.path("computes/c"))).isEmpty();
    }

    @Test
    void should_follow_next_links_through_every_page() {
        // given
        ArmClient client = client();
        for (String name : List.of("a", "b", "c")) {
            client.put(ws.path("onlineEndpoints/" + name), endpointBody(), "create " + name);
        }

        // when
        List<JsonNode> all = client.list(ws.path("onlineEndpoints"));

        // then
        assertThat(all).extracting(n -> n.path("name").asText()).containsExactly("a", "b", "c");
        assertThat(arm.calls(c -> c.method().equals("GET") && c.path().endsWith("/onlineEndpoints")))
                .hasSize(3);
    }

    @Test
    void should_map_a_refused_body_to_a_request_error_with_the_service_message() {
        // given
        ArmClient client = client();
        client.put(ws.path("onlineEndpoints/ep1"), endpointBody(), "create endpoint");

        // when / then: an endpoint body is no deployment body
        assertThatThrownBy(() -> client.put(ws.path("onlineEndpoints/ep1/deployments/blue"), endpointBody(), "d"))
                .isInstanceOf(ArmRequestException.class)
                .hasMessageContaining("endpointComputeType");
    }

    @Test
    void should_stop_waiting_at_the_overall_timeout() {
        // given
        arm.hold().retryAfter("20");

        // when / then
        assertThatThrownBy(() -> client(Map.of(), Duration.ofMinutes(1))
                        .put(ws.path("onlineEndpoints/ep1"), endpointBody(), "create endpoint ep1"))
                .isInstanceOf(ArmTimeoutException.class)
                .hasMessageContaining("create endpoint ep1 still running after 40 s")
                .hasMessageContaining("run the command again");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(20));
    }

    @Test
    void should_wait_for_a_delete_through_its_location() {
        // given
        ArmClient client = client();
        client.put(ws.path("onlineEndpoints/ep1"), endpointBody(), "create endpoint");

        // when
        client.delete(ws.path("onlineEndpoints/ep1"), "delete endpoint");

        // then
        assertThat(arm.ml().endpoint("ep1")).isEmpty();
        assertThat(arm.calls(c -> c.path().contains("/mfeOperationResults/"))).hasSize(2);
    }

    private static ObjectNode endpointBody() {
        ObjectNode b = JSON.createObjectNode().put("location", FakeArm.LOCATION);
        b.putObject("identity").put("type", "SystemAssigned");
        b.putObject("properties").put("authMode", "Key");
        return b;
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
