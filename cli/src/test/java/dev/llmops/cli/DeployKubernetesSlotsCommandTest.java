package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Blue/green and canary releases with {@code --target kubernetes} and the operations on them ({@code test},
 * {@code promote}, {@code rollback}, {@code status}, {@code logs}, {@code delete}), against a {@link FakeCluster}
 * whose pods are real {@code llmops serve}s.
 */
class DeployKubernetesSlotsCommandTest extends KubernetesFixture {

    private static final Map<String, String> BLUE = Map.of("app.kubernetes.io/name", "ner", "llmops.dev/slot", "blue");
    private static final Map<String, String> GREEN =
            Map.of("app.kubernetes.io/name", "ner", "llmops.dev/slot", "green");

    private void slots(int traffic, String extra) throws IOException {
        config("""
                "CURRENT_DEPLOYMENT_NAME": "blue", "PRIOR_DEPLOYMENT_NAME": "green", "DEPLOYMENT_INSTANCE_COUNT": 2,
                "CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION": %d, %s""".formatted(traffic, extra));
    }

    @Test
    void should_release_into_the_idle_slot_test_it_alone_then_switch_and_roll_back() throws Exception {
        // given
        slots(100, "");
        assertThat(deploy("--image", V1)).succeeded().outContains("slot blue", "traffic blue=100%");

        // when
        CliResult second = deploy("--image", V2);

        // then
        assertThat(second).succeeded().outContains("Deployed ner-green (" + V2 + ")", "traffic blue=0%, green=100%");
        assertThat(second.err()).contains("slot blue serves now: the release goes to the idle slot green");
        assertThat(cluster.proxied().getLast()).satisfies(p -> {
            assertThat(p.service()).isEqualTo("ner-green");
            assertThat(p.endpointSelector())
                    .as("traffic on blue while green is tested")
                    .isEqualTo(BLUE);
        });
        assertThat(selector("ner")).isEqualTo(GREEN);
        assertThat(image(deployment("ner-blue"))).isEqualTo(V1);

        CliResult status = operation("status");
        assertThat(status)
                .succeeded()
                .outContains(
                        "endpoint ner in namespace team-a",
                        "slot blue: deployment ner-blue, image " + V1 + ", 2/2 ready, traffic 0%, release 1",
                        "slot green: deployment ner-green, image " + V2 + ", 2/2 ready, traffic 100%, release 2");
        assertThat(operation("test")).succeeded().outContains("smoke test of slot green passed");

        // when
        CliResult rollback = operation("rollback");

        // then
        assertThat(rollback).succeeded().outContains("rolled back: slot blue (" + V1 + ") serves all traffic");
        assertThat(selector("ner")).isEqualTo(BLUE);
        assertThat(operation("status")).outContains("traffic 100%, release 1");
        assertThat(cluster.unreviewed())
                .as("every request covered by an access check")
                .isEmpty();
    }

    @Test
    void should_leave_the_traffic_on_the_serving_slot_when_the_new_one_never_gets_ready() throws Exception {
        // given
        slots(100, "");
        assertThat(deploy("--image", V1)).succeeded();
        cluster.failRollouts("ner-green");
        int tested = cluster.proxied().size();

        // when
        CliResult r = deploy("--image", V2);

        // then
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err())
                .contains(
                        "deployment ner-green in namespace team-a failed its rollout: ProgressDeadlineExceeded",
                        "traffic stays on slot blue (deployment ner-blue)",
                        "kubectl -n team-a describe deployment ner-green");
        assertThat(selector("ner")).isEqualTo(BLUE);
        assertThat(cluster.proxied()).hasSize(tested);
        assertThat(FakeCluster.writes(cluster.calls()))
                .noneMatch(c -> c.contains("/services/ner") && !c.contains("/services/ner-"));
    }

    @Test
    void should_give_up_waiting_at_the_timeout_when_a_rollout_makes_no_progress() throws Exception {
        // given
        slots(100, "");
        assertThat(deploy("--image", V1)).succeeded();
        cluster.stallRollouts("ner-green");

        // when
        CliResult r = deploy("--image", V2, "--timeout", "2s");

        // then
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err())
                .contains("deployment ner-green", "did not become available within 2 s", "stays on slot blue");
        assertThat(selector("ner")).isEqualTo(BLUE);
    }

    @Test
    void should_leave_the_traffic_when_the_new_slot_fails_its_smoke_test() throws Exception {
        // given
        slots(100, "");
        assertThat(deploy("--image", V1)).succeeded();

        // when
        CliResult r = deploy("--image", BROKEN);

        // then
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("smoke test of service ner-green failed", "traffic stays on slot blue");
        assertThat(selector("ner")).isEqualTo(BLUE);
    }

    @Test
    void should_split_by_pod_count_then_promote_the_canary() throws Exception {
        // given
        slots(25, "");
        assertThat(deploy("--image", V1)).succeeded().outContains("traffic blue=100%");

        // when
        CliResult canary = deploy("--image", V2);

        // then
        assertThat(canary).succeeded().outContains("traffic blue=67%, green=33%");
        assertThat(selector("ner")).isEqualTo(Map.of("app.kubernetes.io/name", "ner"));
        assertThat(deployment("ner-green").getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment("ner-blue").getSpec().getReplicas()).isEqualTo(2);

        // when
        CliResult promote = operation("promote");

        // then
        assertThat(promote).succeeded().outContains("slot green serves all traffic");
        assertThat(cluster.unreviewed())
                .as("every request covered by an access check")
                .isEmpty();
        assertThat(cluster.proxied().getLast())
                .as("smoke-tested at full count before it takes all traffic")
                .satisfies(p -> {
                    assertThat(p.service()).isEqualTo("ner-green");
                    assertThat(p.endpointSelector()).isEqualTo(Map.of("app.kubernetes.io/name", "ner"));
                });
        assertThat(deployment("ner-green").getSpec().getReplicas()).isEqualTo(2);
        assertThat(selector("ner")).isEqualTo(GREEN);
    }

    @Test
    void should_send_the_configured_weight_through_an_nginx_canary_ingress_and_drop_it_on_promote() throws Exception {
        // given
        slots(10, "\"INGRESS\": {\"HOST\": \"ner.example.com\", \"TLS_SECRET_NAME\": \"ner-tls\"},");
        assertThat(deploy("--image", V1)).succeeded();

        // when
        CliResult canary = deploy("--image", V2);

        // then
        assertThat(canary).succeeded().outContains("traffic blue=90%, green=10%");
        Ingress main = k8s.network()
                .v1()
                .ingresses()
                .inNamespace("team-a")
                .withName("ner")
                .get();
        assertThat(main.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(main.getSpec().getRules().get(0).getHost()).isEqualTo("ner.example.com");
        assertThat(main.getSpec()
                        .getRules()
                        .get(0)
                        .getHttp()
                        .getPaths()
                        .get(0)
                        .getBackend()
                        .getService()
                        .getName())
                .isEqualTo("ner");
        assertThat(main.getSpec().getTls().get(0).getSecretName()).isEqualTo("ner-tls");
        Ingress weight = k8s.network()
                .v1()
                .ingresses()
                .inNamespace("team-a")
                .withName("ner-canary")
                .get();
        assertThat(weight.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/canary", "true")
                .containsEntry("nginx.ingress.kubernetes.io/canary-weight", "10");
        assertThat(weight.getSpec()
                        .getRules()
                        .get(0)
                        .getHttp()
                        .getPaths()
                        .get(0)
                        .getBackend()
                        .getService()
                        .getName())
                .isEqualTo("ner-green");
        assertThat(selector("ner")).isEqualTo(BLUE);
        assertThat(operation("status")).outContains("traffic blue=90%, green=10% (ingress canary)");

        // when
        CliResult promote = operation("promote");

        // then
        assertThat(promote).succeeded();
        assertThat(k8s.network()
                        .v1()
                        .ingresses()
                        .inNamespace("team-a")
                        .withName("ner-canary")
                        .get())
                .isNull();
        assertThat(selector("ner")).isEqualTo(GREEN);
    }

    @Test
    void should_roll_one_slot_back_to_its_previous_replica_set() throws Exception {
        // given
        config("\"CURRENT_DEPLOYMENT_NAME\": \"blue\",");
        assertThat(deploy("--image", V1)).succeeded();
        assertThat(deploy("--image", V2)).succeeded();
        assertThat(image(deployment("ner-blue"))).isEqualTo(V2);

        // when
        CliResult r = operation("rollback");

        // then
        assertThat(r).succeeded().outContains("rolled back: deployment ner-blue at revision 1 (" + V1 + ")");
        assertThat(image(deployment("ner-blue"))).isEqualTo(V1);
        assertThat(operation("test")).succeeded();
        assertThat(cluster.unreviewed())
                .as("every request covered by an access check")
                .isEmpty();
    }

    @Test
    void should_print_the_pod_logs_of_a_slot_and_delete_what_llmops_created() throws Exception {
        // given
        slots(100, "\"AUTOSCALE\": {\"MIN_REPLICAS\": 2, \"MAX_REPLICAS\": 6, \"TARGET_CPU_UTILIZATION\": 60},");
        assertThat(deploy("--image", V1)).succeeded();
        assertThat(deploy("--image", V2)).succeeded();
        HorizontalPodAutoscaler hpa = k8s.autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace("team-a")
                .withName("ner-green")
                .get();
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("ner-green");
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization())
                .isEqualTo(60);

        // when
        CliResult logs = operation("logs", "--deployment", "blue", "--tail", "50");

        // then
        assertThat(logs).succeeded().outContains("== pod ner-blue-", "\"path\":\"/score\",\"status\":200");

        // when: without --endpoint, only the slot without traffic
        CliResult idle = operation("delete");

        // then
        assertThat(idle).succeeded();
        assertThat(deployment("ner-blue")).isNull();
        assertThat(image(deployment("ner-green")))
                .as("the serving slot is kept")
                .isEqualTo(V2);
        assertThat(selector("ner")).isEqualTo(GREEN);
        assertThat(k8s.secrets()
                        .inNamespace("team-a")
                        .withName("ner-blue-secrets")
                        .get())
                .isNull();

        // when
        CliResult all = operation("delete", "--endpoint");

        // then
        assertThat(all).succeeded();
        assertThat(k8s.apps().deployments().inNamespace("team-a").list().getItems())
                .isEmpty();
        assertThat(k8s.services().inNamespace("team-a").list().getItems()).isEmpty();
        assertThat(k8s.secrets().inNamespace("team-a").list().getItems()).isEmpty();
        assertThat(k8s.configMaps().inNamespace("team-a").list().getItems()).isEmpty();
        assertThat(k8s.autoscaling()
                        .v2()
                        .horizontalPodAutoscalers()
                        .inNamespace("team-a")
                        .list()
                        .getItems())
                .isEmpty();
        assertThat(operation("status")).succeeded().outContains("endpoint ner: not deployed");
        assertThat(cluster.unreviewed())
                .as("every request covered by an access check")
                .isEmpty();
    }
}
