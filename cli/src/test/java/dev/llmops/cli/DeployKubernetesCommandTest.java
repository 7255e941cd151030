package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code llmops deploy --target kubernetes} with one slot, as a user runs it, against a {@link FakeCluster}: the
 * objects and their fields, the access check before any change, the rollout, the smoke test through the API
 * server's service proxy, an update in place, the dry run, and the refusals.
 */
class DeployKubernetesCommandTest extends KubernetesFixture {

    @BeforeEach
    void oneSlot() throws IOException {
        config("\"0.5\"", "\"500Mi\"", 2);
    }

    private void config(String cpu, String memory, int replicas) throws IOException {
        config("""
                "CURRENT_DEPLOYMENT_NAME": "blue", "DEPLOYMENT_INSTANCE_COUNT": %d,
                "CPU_ALLOCATION": %s, "MEMORY_ALLOCATION": %s,""".formatted(replicas, cpu, memory));
    }

    @Test
    void should_apply_the_objects_wait_for_the_rollout_and_smoke_test_before_the_service_selects_them()
            throws Exception {
        // when
        CliResult r = deploy("--image", V1, "--build-id", "4711", "--output-file", "deploy/dev.json");

        // then
        assertThat(r).succeeded();
        assertThat(r.out())
                .contains("Deployed ner-blue (" + V1 + ") to namespace team-a", "slot blue", "traffic blue=100%");
        List<String> calls = cluster.calls();
        int firstWrite = calls.indexOf(FakeCluster.writes(calls).getFirst());
        assertThat(calls.subList(0, firstWrite))
                .as("every permission checked before the first change")
                .filteredOn(c -> c.contains("selfsubjectaccessreviews"))
                .hasSize(15);
        assertThat(FakeCluster.writes(calls))
                .containsExactly(
                        "POST /api/v1/namespaces/team-a/secrets",
                        "POST /api/v1/namespaces/team-a/configmaps",
                        "POST /apis/apps/v1/namespaces/team-a/deployments",
                        "POST /api/v1/namespaces/team-a/services",
                        "POST /api/v1/namespaces/team-a/services/ner-blue:80/proxy/score",
                        "POST /api/v1/namespaces/team-a/services");
        assertThat(cluster.proxied()).singleElement().satisfies(p -> {
            assertThat(p.service()).isEqualTo("ner-blue");
            assertThat(p.path()).isEqualTo("/score");
            assertThat(p.apiKey()).isEqualTo(SERVE_KEY);
            assertThat(p.endpointSelector())
                    .as("no endpoint service during the smoke test")
                    .isEmpty();
        });

        Secret secret =
                k8s.secrets().inNamespace("team-a").withName("ner-blue-secrets").get();
        assertThat(secretValue(secret, "AOAI_API_KEY")).isEqualTo(API_KEY);
        assertThat(secretValue(secret, "LLMOPS_SERVE_KEYS")).isEqualTo(SERVE_KEY);
        assertThat(secretValue(secret, "AOAI_API_BASE")).isEqualTo(llm.azureApiBase());
        ConfigMap env =
                k8s.configMaps().inNamespace("team-a").withName("ner-blue-env").get();
        assertThat(env.getData())
                .containsEntry("example-name", "example-value")
                .containsEntry("BUILD_INFO", "{\"build_number\": \"4711\"}")
                .doesNotContainKeys("AOAI_API_KEY", "LLMOPS_SERVE_KEYS");

        Deployment d = deployment("ner-blue");
        assertThat(d.getMetadata().getLabels())
                .containsEntry("llmops.dev/experiment", "named_entity_recognition")
                .containsEntry("llmops.dev/env", "dev")
                .containsEntry("llmops.dev/build-id", "4711")
                .containsEntry("llmops.dev/slot", "blue")
                .containsEntry("app.kubernetes.io/name", "ner")
                .containsEntry("app.kubernetes.io/managed-by", "llmops");
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        assertThat(d.getSpec()
                        .getStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getIntVal())
                .isZero();
        assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot())
                .isTrue();
        assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
                .isEqualTo(10001L);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo(V1);
        assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(8080);
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(c.getResources().getRequests())
                .containsEntry("cpu", new Quantity("0.5"))
                .containsEntry("memory", new Quantity("500Mi"));
        assertThat(c.getResources().getLimits()).containsEntry("memory", new Quantity("500Mi"));
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getEnvFrom().stream().map(DeployKubernetesCommandTest::source))
                .containsExactly("configmap ner-blue-env", "secret ner-blue-secrets");
        assertThat(c.getEnv()).isNullOrEmpty();
        assertThat(Serialization.asJson(d)).doesNotContain(API_KEY, SERVE_KEY);

        Service s = k8s.services().inNamespace("team-a").withName("ner").get();
        assertThat(s.getSpec().getSelector())
                .containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/name", "ner", "llmops.dev/slot", "blue"));
        assertThat(s.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        assertThat(selector("ner-blue")).containsEntry("llmops.dev/slot", "blue");

        JsonNode summary =
                new ObjectMapper().readTree(work.resolve("deploy/dev.json").toFile());
        assertThat(summary.path("slot").asText()).isEqualTo("blue");
        assertThat(summary.path("traffic").path("blue").asInt()).isEqualTo(100);
        assertThat(summary.path("namespace").asText()).isEqualTo("team-a");
    }

    @Test
    void should_update_the_slot_in_place_when_deployed_again_with_a_new_image() throws Exception {
        // given
        assertThat(deploy("--image", V1)).succeeded();
        String digestBefore = configDigest();
        Files.writeString(
                useCase.resolve(".env"),
                "AOAI_API_KEY=sk-rotated-key-0002\nAOAI_API_BASE=" + llm.azureApiBase() + "\nLLMOPS_SERVE_KEYS="
                        + SERVE_KEY + "\n");
        cluster.calls();

        // when
        CliResult r = deploy("--image", V2);

        // then
        assertThat(r).succeeded();
        assertThat(k8s.apps().deployments().inNamespace("team-a").list().getItems())
                .singleElement()
                .extracting(KubernetesFixture::image)
                .isEqualTo(V2);
        assertThat(secretValue(
                        k8s.secrets()
                                .inNamespace("team-a")
                                .withName("ner-blue-secrets")
                                .get(),
                        "AOAI_API_KEY"))
                .isEqualTo("sk-rotated-key-0002");
        assertThat(configDigest()).as("a rotated key rolls the pods").isNotEqualTo(digestBefore);
        assertThat(FakeCluster.writes(cluster.calls()))
                .contains(
                        "PUT /apis/apps/v1/namespaces/team-a/deployments/ner-blue",
                        "PUT /api/v1/namespaces/team-a/services/ner");
        assertThat(cluster.unreviewed())
                .as("every request covered by the access check")
                .isEmpty();
        assertThat(deployment("ner-blue").getMetadata().getAnnotations()).containsEntry("llmops.dev/release", "2");
    }

    @Test
    void should_print_the_objects_as_yaml_without_a_cluster_or_secret_values_on_dry_run() throws Exception {
        // when
        CliResult r = llmops(
                "deploy",
                "--target",
                "kubernetes",
                "-u",
                "ner",
                "-e",
                "dev",
                "--image",
                "r.example/ner:1",
                "--namespace",
                "prod",
                "--dry-run",
                "-o",
                "yaml");

        // then
        assertThat(r).succeeded();
        List<String> kinds =
                parsed(r.out()).stream().map(o -> (String) o.get("kind")).toList();
        assertThat(kinds).containsExactly("Secret", "ConfigMap", "Deployment", "Service", "Service");
        assertThat(r.out()).contains("namespace: \"prod\"", "AOAI_API_KEY: \"\"", "image: \"r.example/ner:1\"");
        assertThat(cluster.calls()).isEmpty();
    }

    @Test
    void should_name_the_field_and_change_nothing_when_memory_is_not_a_quantity() throws Exception {
        // given
        config("\"0.5\"", "\"lots\"", 1);

        // when
        CliResult r = deploy("--image", V1);

        // then
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err())
                .contains("deployment_config.json", "kubernetes_endpoint[1].MEMORY_ALLOCATION \"lots\"", "1Gi");
        assertThat(cluster.calls()).isEmpty();
    }

    @Test
    void should_refuse_before_any_change_when_a_value_the_container_needs_is_not_set() throws Exception {
        // given
        Files.writeString(useCase.resolve(".env"), "AOAI_API_KEY=" + API_KEY + "\nAOAI_API_BASE=https://x\n");

        // when
        CliResult r = deploy("--image", V1);

        // then
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("LLMOPS_SERVE_KEYS", "nothing was applied");
        assertThat(cluster.calls()).isEmpty();
    }

    @Test
    void should_name_the_permissions_and_the_namespace_and_change_nothing_when_the_account_lacks_them()
            throws Exception {
        // given
        cluster.deny("create secrets").deny("create services/proxy");

        // when
        CliResult r = deploy("--image", V1);

        // then
        assertThat(r.exitCode()).isEqualTo(ExitCodes.STATE);
        assertThat(r.err())
                .contains(
                        "may not create secrets, create services/proxy in namespace 'team-a'",
                        "deploy ner needs; nothing was changed",
                        "kubectl -n team-a create role llmops-deployer --verb=create --resource=secrets,services/proxy");
        assertThat(FakeCluster.writes(cluster.calls())).isEmpty();
    }

    @Test
    void should_say_the_cluster_is_unreachable_when_nothing_listens() throws Exception {
        // given
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        kubeconfig = kubeconfig("http://127.0.0.1:" + port + "/");

        // when
        CliResult r = deploy("--image", V1);
        CliResult status = operation("status");

        // then
        assertThat(r.exitCode()).isEqualTo(ExitCodes.STATE);
        assertThat(r.err()).contains("cannot reach the cluster at http://127.0.0.1:" + port);
        assertThat(status.exitCode()).isEqualTo(ExitCodes.STATE);
        assertThat(status.err()).contains("cannot reach the cluster at http://127.0.0.1:" + port);
    }

    @Test
    void should_use_the_namespace_of_the_context_given() throws Exception {
        // when
        CliResult r = deploy("--image", V1, "--context", "other");

        // then
        assertThat(r).succeeded();
        assertThat(r.out()).contains("to namespace team-b");
        assertThat(cluster.calls())
                .contains("POST /apis/apps/v1/namespaces/team-b/deployments")
                .noneMatch(call -> call.contains("/namespaces/team-a/"));
        assertThat(image(k8s.apps()
                        .deployments()
                        .inNamespace("team-b")
                        .withName("ner-blue")
                        .get()))
                .isEqualTo(V1);
        assertThat(deployment("ner-blue")).isNull();
    }

    private String configDigest() {
        return deployment("ner-blue")
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get("llmops.dev/config-digest");
    }

    private static String source(EnvFromSource s) {
        return s.getConfigMapRef() != null
                ? "configmap " + s.getConfigMapRef().getName()
                : "secret " + s.getSecretRef().getName();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parsed(String yaml) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (!doc.isBlank()) {
                out.add(Serialization.unmarshal(doc, Map.class));
            }
        }
        return out;
    }
}
