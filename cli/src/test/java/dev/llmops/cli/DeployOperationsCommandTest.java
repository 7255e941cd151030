package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.testing.arm.FakeArm;
import dev.llmops.testing.arm.FakeArmCall;
import dev.llmops.testing.arm.FakeMlWorkspace;
import dev.llmops.testing.arm.TestCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code llmops deploy status | test | promote | rollback | logs | delete} and the Kubernetes target. */
class DeployOperationsCommandTest extends DeployFixture {

    String[] at(String command, String... extra) {
        String[] base = {"deploy", command, "-u", "web_classification", "-e", "dev"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    void blueThenGreen() throws IOException {
        config("blue", "100", "", "");
        assertThat(deploy()).succeeded();
        config("green", "90", "blue", "10");
        assertThat(deploy()).succeeded();
        assertThat(ml().traffic("test-endpoint")).containsExactly(Map.entry("green", 90), Map.entry("blue", 10));
    }

    @Test
    void should_promote_the_current_deployment_to_all_traffic_and_delete_the_prior_one() throws IOException {
        // given
        blueThenGreen();

        // when
        CliResult result = llmops(at("promote", "--delete-prior"));

        // then
        assertThat(result).succeeded().outContains("promoted green on test-endpoint: traffic green=100%");
        assertThat(ml().traffic("test-endpoint")).containsExactly(Map.entry("green", 100));
        assertThat(ml().deployments("test-endpoint")).containsExactly("green");
        assertThat(arm.writes().getLast().brief()).isEqualTo("DELETE /onlineEndpoints/test-endpoint/deployments/blue");
    }

    @Test
    void should_roll_back_all_traffic_to_the_prior_deployment() throws IOException {
        // given
        blueThenGreen();

        // when
        CliResult result = llmops(at("rollback"));

        // then
        assertThat(result).succeeded().outContains("rolled back test-endpoint to blue: traffic blue=100%");
        assertThat(ml().traffic("test-endpoint")).containsExactly(Map.entry("blue", 100));
        assertThat(ml().deployments("test-endpoint")).containsExactlyInAnyOrder("blue", "green");
    }

    @Test
    void should_refuse_a_rollback_without_a_prior_deployment() throws IOException {
        // given
        config("blue", "100", "", "");
        assertThat(deploy()).succeeded();
        int writes = arm.writes().size();

        // when
        CliResult result = llmops(at("rollback"));

        // then
        assertThat(result).exitedWith(3).errContains("PRIOR_DEPLOYMENT_NAME is empty");
        assertThat(arm.writes()).hasSize(writes);
    }

    @Test
    void should_show_status_and_fail_the_smoke_test_command_on_a_500() throws IOException {
        // given
        blueThenGreen();
        ml().scorer("green", FakeMlWorkspace.Scorer.fixed(500, "{\"error\":\"boom\"}"));

        // when
        CliResult status = llmops(at("status"));
        CliResult test = llmops(at("test"));
        CliResult testBlue = llmops(at("test", "--deployment", "blue"));

        // then
        assertThat(status)
                .succeeded()
                .outContains("endpoint test-endpoint: Succeeded, traffic green=90%, blue=10%")
                .outContains("deployment blue: Succeeded, Standard_F4s_v2 x2");
        assertThat(test).exitedWith(1).errContains("scored HTTP 500: {\"error\":\"boom\"}");
        assertThat(testBlue).succeeded().outContains("scored HTTP 200 on test-endpoint/blue");
        assertThat(ml().traffic("test-endpoint")).containsExactly(Map.entry("green", 90), Map.entry("blue", 10));
    }

    @Test
    void should_print_logs_and_refuse_to_delete_a_deployment_that_takes_traffic() throws IOException {
        // given
        config("blue", "100", "", "");
        assertThat(deploy()).succeeded();
        ml().logs("blue", "a\nb\nc\n");

        // when
        CliResult logs = llmops(at("logs", "--tail", "2"));
        CliResult delete = llmops(at("delete"));
        CliResult deleteEndpoint = llmops(at("delete", "--endpoint"));

        // then
        assertThat(logs).succeeded().outContains("== test-endpoint/blue\nb\nc");
        assertThat(delete).exitedWith(3).errContains("still takes 100% of test-endpoint");
        assertThat(deleteEndpoint).succeeded();
        assertThat(ml().endpoint("test-endpoint")).isEmpty();
    }

    @Test
    void should_deploy_the_template_fixture_to_kubernetes_without_re_creating_the_endpoint() throws IOException {
        // given
        templateFixture();
        ml().kubernetesCompute("k8s-compute");
        String json = Files.readString(useCase.resolve("configs/deployment_config.json"));
        Files.writeString(
                useCase.resolve("configs/deployment_config.json"),
                json.replace("\"k8s-test-deployment\"", "\"k8s-test-prior-deployment\"")
                        .replace(
                                "\"PRIOR_DEPLOYMENT_NAME\": \"k8s-test-prior-deployment\"",
                                "\"PRIOR_DEPLOYMENT_NAME\": \"\"")
                        .replace(
                                "\"PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION\": \"30\"",
                                "\"PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION\": \"\"")
                        .replace(
                                "\"CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION\": \"70\"",
                                "\"CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION\": \"100\""));
        assertThat(deploy("--target", "kubernetes_endpoint")).succeeded();
        templateFixture();
        int before = arm.writes().size();

        // when
        CliResult result = deploy("--target", "kubernetes_endpoint");

        // then
        assertThat(result).succeeded().outContains("endpoint k8s-test-endpoint exists; kept as it is");
        assertThat(ml().traffic("k8s-test-endpoint"))
                .containsExactly(Map.entry("k8s-test-deployment", 70), Map.entry("k8s-test-prior-deployment", 30));
        assertThat(arm.writes().subList(before, arm.writes().size()))
                .extracting(FakeArmCall::brief)
                .containsExactly(
                        "PUT /environments/k8s-test-deployment/versions/1",
                        "PUT /onlineEndpoints/k8s-test-endpoint/deployments/k8s-test-deployment",
                        "PUT /onlineEndpoints/k8s-test-endpoint");
        JsonNode trafficPut = arm.writes().getLast().json().path("properties");
        assertThat(trafficPut.path("compute").asText()).endsWith("/computes/k8s-compute");
        JsonNode dep = arm.writes().get(arm.writes().size() - 2).json().path("properties");
        assertThat(dep.path("endpointComputeType").asText()).isEqualTo("Kubernetes");
        assertThat(dep.path("containerResourceRequirements").toString())
                .isEqualTo("{\"containerResourceRequests\":{\"cpu\":\"0.5\",\"memory\":\"500Mi\"}}");
        assertThat(dep.path("environmentVariables").path("F_LOGGING_LEVEL").asText())
                .isEqualTo("WARNING");
    }

    @Test
    void should_name_a_kubernetes_compute_the_workspace_lacks_before_any_change() throws IOException {
        // given
        templateFixture();

        // when
        CliResult result = deploy("--target", "kubernetes_endpoint");

        // then
        assertThat(result).exitedWith(2).errContains("COMPUTE_NAME 'k8s-compute' is not a compute of workspace");
        assertThat(arm.writes()).isEmpty();
    }

    @Test
    void should_continue_after_being_stopped_mid_poll() throws Exception {
        // given: blue serves; green's deployment operation hangs until released
        config("blue", "100", "", "");
        assertThat(deploy()).succeeded();
        config("green", "90", "blue", "10");
        arm.hold().retryAfter("1");
        java.util.concurrent.atomic.AtomicReference<CliResult> first =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread run = new Thread(() -> first.set(deploy()));
        run.start();
        while (arm.calls(c -> c.path().contains("/mfeOperationsStatus/")
                                && arm.calls().indexOf(c)
                                        > arm.calls().indexOf(arm.writes().getLast()))
                        .isEmpty()
                || !arm.writes().getLast().path().endsWith("/deployments/green")) {
            Thread.sleep(20);
        }

        // when: Ctrl-C mid-poll, the service finishes on its own, and the command runs again
        run.interrupt();
        run.join();
        arm.release().retryAfter("0");
        CliResult second = deploy();

        // then
        assertThat(first.get()).exitedWith(130);
        assertThat(second).succeeded().outContains("environment green:1 already runs");
        assertThat(ml().traffic("test-endpoint")).containsExactly(Map.entry("green", 90), Map.entry("blue", 10));
        assertThat(arm.writes())
                .extracting(FakeArmCall::brief)
                .filteredOn(w -> w.equals("PUT /onlineEndpoints/test-endpoint/deployments/green"))
                .hasSize(2);
        assertThat(arm.calls(c -> c.status() == 409)).isEmpty();
    }

    @Test
    void should_continue_after_the_process_is_killed_mid_poll() throws Exception {
        // given: blue serves; green's deployment operation hangs until released, while a real llmops process polls it
        config("blue", "100", "", "");
        assertThat(deploy()).succeeded();
        config("green", "90", "blue", "10");
        arm.hold().retryAfter("1");
        Path log = dir.resolve("killed.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(TestCertificate.childJvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of("deploy", "-u", "web_classification", "-e", "dev", "--image", IMAGE));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(arm.environment());
        builder.environment().put("AOAI_API_KEY", "aoai-secret-key-value");
        builder.environment().put("AOAI_API_BASE", "https://x");
        Process first = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!pollingGreen()) {
                assertThat(first.isAlive())
                        .as("llmops exited before polling: %s", Files.readString(log))
                        .isTrue();
                assertThat(System.nanoTime()).as("no poll of green within 60 s").isLessThan(deadline);
                Thread.sleep(20);
            }

            // when: SIGKILL mid-poll (no shutdown hook runs), the service finishes on its own, the command runs again
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            first.destroyForcibly();
        }
        arm.release().retryAfter("0");
        CliResult second = deploy();

        // then: the second run finds green running, moves the traffic once, and re-creates nothing
        assertThat(first.exitValue()).isEqualTo(137);
        assertThat(Files.readString(log)).doesNotContain("aoai-secret-key-value", FakeArm.CLIENT_SECRET);
        assertThat(second).succeeded().outContains("environment green:1 already runs");
        assertThat(ml().traffic("test-endpoint")).containsExactly(Map.entry("green", 90), Map.entry("blue", 10));
        assertThat(arm.writes())
                .extracting(FakeArmCall::brief)
                .filteredOn(w -> w.equals("PUT /onlineEndpoints/test-endpoint/deployments/green"))
                .hasSize(2);
        assertThat(arm.calls(c -> c.status() == 409)).isEmpty();
    }

    /** The fake has seen a poll of an operation after the last write, and that write was green's deployment. */
    private boolean pollingGreen() {
        List<FakeArmCall> writes = arm.writes();
        if (writes.isEmpty() || !writes.getLast().path().endsWith("/deployments/green")) {
            return false;
        }
        List<FakeArmCall> calls = arm.calls();
        int last = calls.indexOf(writes.getLast());
        return calls.subList(last + 1, calls.size()).stream()
                .anyMatch(c -> c.path().contains("/mfeOperationsStatus/"));
    }
}
