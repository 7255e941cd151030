package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmops deploy --target kubernetes} as a user runs it, against fabric8's Kubernetes API server fake in
 * CRUD mode (with expectations for the refusals), reached through a kubeconfig file like a real cluster.
 */
class DeployKubernetesCommandTest {

    private static final String API_KEY = "sk-k8s-test-secret-0001";
    private static final String SERVE_KEY = "serve-key-never-printed-42";

    @TempDir
    Path work;

    private KubernetesMockServer server;
    private KubernetesClient client;
    private Path useCase;
    private Path kubeconfig;

    @BeforeEach
    void start() throws IOException {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
        useCase = ShippedUseCases.copy("named_entity_recognition", work.resolve("ner"));
        Files.writeString(useCase.resolve(".env"), "AOAI_API_KEY=" + API_KEY + "\n");
        Files.createDirectories(useCase.resolve("environment"));
        Files.writeString(useCase.resolve("environment/env.yaml"), "LOG_LEVEL: info\n");
        config("\"0.5\"", "\"500Mi\"", 2);
        kubeconfig = kubeconfig(server.url("/"));
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void should_apply_a_secret_a_config_map_a_deployment_and_a_service_that_serve_the_image() throws Exception {
        // when
        CliResult r = deploy("--image", "registry.example/llmops/ner:7", "--build-id", "4711");

        // then
        assertThat(r).succeeded();
        assertThat(r.out()).contains("Deployed ner-blue (registry.example/llmops/ner:7) to namespace team-a");
        assertThat(calls())
                .containsExactly(
                        "GET /api/v1/namespaces/team-a/secrets/ner-blue-secrets",
                        "POST /api/v1/namespaces/team-a/secrets",
                        "POST /api/v1/namespaces/team-a/configmaps",
                        "POST /apis/apps/v1/namespaces/team-a/deployments",
                        "POST /api/v1/namespaces/team-a/services");

        Secret secret = client.secrets()
                .inNamespace("team-a")
                .withName("ner-blue-secrets")
                .get();
        assertThat(secretValue(secret, "AOAI_API_KEY")).isEqualTo(API_KEY);
        assertThat(secretValue(secret, "LLMOPS_SERVE_KEYS")).isEqualTo(SERVE_KEY);
        assertThat(secretValue(secret, "AOAI_API_BASE")).isEqualTo("https://aoai.example");

        ConfigMap env = client.configMaps()
                .inNamespace("team-a")
                .withName("ner-blue-env")
                .get();
        assertThat(env.getData())
                .containsEntry("LOG_LEVEL", "info")
                .containsEntry("example-name", "example-value")
                .containsEntry("BUILD_INFO", "{\"build_number\": \"4711\"}")
                .doesNotContainKeys("AOAI_API_KEY", "LLMOPS_SERVE_KEYS");

        Deployment d = client.apps()
                .deployments()
                .inNamespace("team-a")
                .withName("ner-blue")
                .get();
        assertThat(d.getMetadata().getLabels())
                .containsEntry("llmops.dev/experiment", "named_entity_recognition")
                .containsEntry("llmops.dev/env", "dev")
                .containsEntry("llmops.dev/build-id", "4711")
                .containsEntry("llmops.dev/slot", "blue")
                .containsEntry("app.kubernetes.io/name", "ner");
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
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
        assertThat(c.getImage()).isEqualTo("registry.example/llmops/ner:7");
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

        Service s = client.services().inNamespace("team-a").withName("ner").get();
        assertThat(s.getSpec().getSelector()).containsEntry("llmops.dev/slot", "blue");
        assertThat(s.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        assertThat(s.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
        assertThat(r.out() + r.err()).doesNotContain(API_KEY, SERVE_KEY);
    }

    @Test
    void should_update_the_objects_in_place_when_deployed_again_with_a_new_image() throws Exception {
        // given
        assertThat(deploy("--image", "registry.example/llmops/ner:7")).succeeded();
        String digestBefore = configDigest();
        Files.writeString(useCase.resolve(".env"), "AOAI_API_KEY=sk-rotated-key-0002\n");
        drain();

        // when
        CliResult r = deploy("--image", "registry.example/llmops/ner:8");

        // then
        assertThat(r).succeeded();
        assertThat(client.apps().deployments().inNamespace("team-a").list().getItems())
                .singleElement()
                .extracting(d -> d.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("registry.example/llmops/ner:8");
        assertThat(secretValue(
                        client.secrets()
                                .inNamespace("team-a")
                                .withName("ner-blue-secrets")
                                .get(),
                        "AOAI_API_KEY"))
                .isEqualTo("sk-rotated-key-0002");
        assertThat(configDigest()).as("a rotated key rolls the pods").isNotEqualTo(digestBefore);
        assertThat(calls()).contains("PUT /apis/apps/v1/namespaces/team-a/deployments/ner-blue");
    }

    @Test
    void should_print_the_objects_as_yaml_without_a_cluster_or_secret_values_on_dry_run() {
        // when
        CliResult r = CliRun.in(work)
                .env("LLMOPS_SERVE_KEYS", SERVE_KEY)
                .env("AOAI_API_BASE", "https://aoai.example")
                .run(
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
        assertThat(kinds).containsExactly("Secret", "ConfigMap", "Deployment", "Service");
        assertThat(r.out()).contains("namespace: \"prod\"", "AOAI_API_KEY: \"\"", "image: \"r.example/ner:1\"");
        assertThat(r.out() + r.err()).doesNotContain(API_KEY, SERVE_KEY);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void should_name_the_field_and_change_nothing_when_memory_is_not_a_quantity() throws Exception {
        // given
        config("\"0.5\"", "\"lots\"", 1);

        // when
        CliResult r = deploy("--image", "r.example/ner:1");

        // then
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err())
                .contains("deployment_config.json", "kubernetes_endpoint[1].MEMORY_ALLOCATION \"lots\"", "1Gi");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void should_refuse_before_any_change_when_a_value_the_container_needs_is_not_set() {
        // when
        CliResult r = CliRun.in(work)
                .env("AOAI_API_BASE", "https://aoai.example")
                .run(
                        "deploy",
                        "-t",
                        "k8s",
                        "-u",
                        "ner",
                        "-e",
                        "dev",
                        "--image",
                        "r.example/ner:1",
                        "--kubeconfig",
                        kubeconfig.toString());

        // then
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("LLMOPS_SERVE_KEYS", "nothing was applied");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void should_name_the_namespace_and_the_permission_when_the_namespace_is_forbidden() throws Exception {
        // given
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/locked/secrets/ner-blue-secrets")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage("secrets \"ner-blue-secrets\" is forbidden: User \"ci\" cannot get"
                                        + " resource \"secrets\" in the namespace \"locked\"")
                                .build())
                .always();

        // when
        CliResult r = deploy("--image", "r.example/ner:1", "--namespace", "locked");

        // then
        assertThat(r.exitCode()).isEqualTo(ExitCodes.STATE);
        assertThat(r.err()).contains("forbidden (403)", "namespace 'locked'", "create and update on secrets");
        assertThat(calls()).containsExactly("GET /api/v1/namespaces/locked/secrets/ner-blue-secrets");
        assertThat(r.out() + r.err()).doesNotContain(API_KEY, SERVE_KEY);
    }

    @Test
    void should_say_the_cluster_is_unreachable_when_nothing_listens() throws Exception {
        // given
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dead = kubeconfig("http://127.0.0.1:" + port + "/");

        // when
        CliResult r = CliRun.in(work)
                .env("LLMOPS_SERVE_KEYS", SERVE_KEY)
                .env("AOAI_API_BASE", "https://aoai.example")
                .run(
                        "deploy",
                        "-t",
                        "kubernetes",
                        "-u",
                        "ner",
                        "-e",
                        "dev",
                        "--image",
                        "r.example/ner:1",
                        "--kubeconfig",
                        dead.toString());

        // then
        assertThat(r.exitCode()).isEqualTo(ExitCodes.STATE);
        assertThat(r.err()).contains("cannot reach the cluster at http://127.0.0.1:" + port);
    }

    @Test
    void should_use_the_namespace_of_the_context_given() throws Exception {
        // when
        CliResult r = deploy("--image", "r.example/ner:1", "--context", "other");

        // then
        assertThat(r).succeeded();
        assertThat(r.out()).contains("to namespace team-b");
        assertThat(calls()).contains("POST /apis/apps/v1/namespaces/team-b/deployments");
        assertThat(calls()).noneMatch(call -> call.contains("/namespaces/team-a/"));
        assertThat(client.apps()
                        .deployments()
                        .inNamespace("team-b")
                        .withName("ner-blue")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("r.example/ner:1");
        assertThat(client.apps()
                        .deployments()
                        .inNamespace("team-a")
                        .withName("ner-blue")
                        .get())
                .isNull();
    }

    private CliResult deploy(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "deploy", "--target", "kubernetes", "-u", "ner", "-e", "dev", "--kubeconfig", kubeconfig.toString()));
        args.addAll(List.of(extra));
        return CliRun.in(work)
                .env("LLMOPS_SERVE_KEYS", SERVE_KEY)
                .env("AOAI_API_BASE", "https://aoai.example")
                .run(args.toArray(String[]::new));
    }

    private void config(String cpu, String memory, int replicas) throws IOException {
        Files.writeString(useCase.resolve("configs/deployment_config.json"), """
                {"kubernetes_endpoint": [
                  {"ENV_NAME": "pr", "ENDPOINT_NAME": "ner-pr", "CURRENT_DEPLOYMENT_NAME": "x"},
                  {"ENV_NAME": "dev", "ENDPOINT_NAME": "ner", "CURRENT_DEPLOYMENT_NAME": "blue",
                   "COMPUTE_NAME": "ignored", "DEPLOYMENT_INSTANCE_COUNT": %d,
                   "CPU_ALLOCATION": %s, "MEMORY_ALLOCATION": %s,
                   "ENVIRONMENT_VARIABLES": {"example-name": "example-value"}}
                ]}
                """.formatted(replicas, cpu, memory));
    }

    private Path kubeconfig(String url) throws IOException {
        Path file = work.resolve("kubeconfig-" + Math.abs(url.hashCode()));
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: main
                  context: {cluster: mock, user: ci, namespace: team-a}
                - name: other
                  context: {cluster: mock, user: ci, namespace: team-b}
                current-context: main
                users:
                - name: ci
                  user: {token: not-a-real-token}
                """.formatted(url));
        return file;
    }

    /** The requests the server received since the last call, as "METHOD path" (the test's own reads too). */
    private List<String> calls() throws InterruptedException {
        List<String> out = new ArrayList<>();
        RecordedRequest req;
        while ((req = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            out.add(req.getMethod() + " " + req.getPath().replaceAll("\\?.*", ""));
        }
        return out;
    }

    private void drain() throws InterruptedException {
        calls();
    }

    private String configDigest() {
        return client.apps()
                .deployments()
                .inNamespace("team-a")
                .withName("ner-blue")
                .get()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get("llmops.dev/config-digest");
    }

    private static String secretValue(Secret s, String key) {
        if (s.getStringData() != null && s.getStringData().containsKey(key)) {
            return s.getStringData().get(key);
        }
        String data = s.getData() == null ? null : s.getData().get(key);
        return data == null ? null : new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
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
