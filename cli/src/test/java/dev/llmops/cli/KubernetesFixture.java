package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.testing.FakeLlmServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A use case, a fake Azure OpenAI server and a {@link FakeCluster} whose kubelet runs each image as a real
 * {@code llmops serve} of the use case the image holds, with the Secret's and ConfigMap's values as environment;
 * reached through a kubeconfig file like a real cluster.
 */
abstract class KubernetesFixture {

    static final String API_KEY = "sk-k8s-test-secret-0001";
    static final String SERVE_KEY = "serve-key-never-printed-42";
    static final String V1 = "registry.example/llmops/ner:1";
    static final String V2 = "registry.example/llmops/ner:2";
    /** An image whose flow calls a model deployment that does not exist: it starts, but /score fails. */
    static final String BROKEN = "registry.example/llmops/ner:broken";

    @TempDir
    Path work;

    final FakeLlmServer llm = FakeLlmServer.start();
    FakeCluster cluster;
    KubernetesClient k8s;
    Path useCase;
    Path kubeconfig;
    final Map<String, Path> images = new HashMap<>();
    final List<CliResult> results = new ArrayList<>();

    @BeforeEach
    void startCluster() throws IOException {
        cluster = new FakeCluster(this::container);
        k8s = cluster.client();
        useCase = ShippedUseCases.copy("named_entity_recognition", work.resolve("ner"));
        Files.writeString(
                useCase.resolve(".env"),
                "AOAI_API_KEY=" + API_KEY + "\nAOAI_API_BASE=" + llm.azureApiBase() + "\nLLMOPS_SERVE_KEYS=" + SERVE_KEY
                        + "\n");
        images.put(V1, ShippedUseCases.copy("named_entity_recognition", work.resolve("images/1")));
        images.put(V2, ShippedUseCases.copy("named_entity_recognition", work.resolve("images/2")));
        Path broken = ShippedUseCases.copy("named_entity_recognition", work.resolve("images/broken"));
        Path flow = broken.resolve("flows/standard/flow.dag.yaml");
        Files.writeString(flow, Files.readString(flow).replace("gpt-4o-mini", "gpt-retired"));
        images.put(BROKEN, broken);
        llm.when(r -> "gpt-retired".equals(r.deployment()), FakeLlmServer.Behaviour.deploymentNotFound());
        llm.answer("Brightwell, Moss & Tan LLP, Orino Foods");
        kubeconfig = kubeconfig(cluster.url());
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
        llm.close();
        for (CliResult r : results) {
            assertThat(r.out() + r.err()).as("no secret in any output").doesNotContain(API_KEY, SERVE_KEY);
        }
    }

    /** The kubelet: an image is llmops serve of the use case it holds (without the .env). */
    private FakeCluster.Container container(String image, Map<String, String> env) throws Exception {
        Path holds = images.get(image);
        if (holds == null) {
            throw new IllegalStateException("manifest unknown: " + image);
        }
        ServingCli serve = ServingCli.start(work, env, "serve", "-u", holds.toString(), "-e", "dev", "--port", "0");
        if (!serve.listening()) {
            throw new IllegalStateException(
                    "exited: " + serve.result().out() + serve.result().err());
        }
        return new FakeCluster.Container() {
            @Override
            public URI url() {
                return URI.create(serve.baseUrl() + "/");
            }

            @Override
            public String logs() {
                return serve.out();
            }

            @Override
            public void close() {
                serve.close();
            }
        };
    }

    CliResult llmops(String... args) {
        CliResult r = CliRun.in(work).run(args);
        results.add(r);
        return r;
    }

    /** {@code llmops deploy --target kubernetes -u ner -e dev --kubeconfig ... EXTRA}. */
    CliResult deploy(String... extra) {
        return llmops(withCluster(List.of("deploy", "--target", "kubernetes"), extra));
    }

    /** {@code llmops deploy OPERATION --target kubernetes -u ner -e dev --kubeconfig ... EXTRA}. */
    CliResult operation(String operation, String... extra) {
        return llmops(withCluster(List.of("deploy", operation, "--target", "kubernetes"), extra));
    }

    private String[] withCluster(List<String> head, String... extra) {
        List<String> args = new ArrayList<>(head);
        args.addAll(List.of("-u", "ner", "-e", "dev", "--kubeconfig", kubeconfig.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    void config(String fields) throws IOException {
        Files.writeString(useCase.resolve("configs/deployment_config.json"), """
                {"kubernetes_endpoint": [
                  {"ENV_NAME": "pr", "ENDPOINT_NAME": "ner-pr", "CURRENT_DEPLOYMENT_NAME": "x"},
                  {"ENV_NAME": "dev", "ENDPOINT_NAME": "ner", %s
                   "COMPUTE_NAME": "ignored", "ENVIRONMENT_VARIABLES": {"example-name": "example-value"}}
                ]}
                """.formatted(fields));
    }

    Path kubeconfig(String url) throws IOException {
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

    Deployment deployment(String name) {
        return k8s.apps().deployments().inNamespace("team-a").withName(name).get();
    }

    static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    Map<String, String> selector(String service) {
        Service s = k8s.services().inNamespace("team-a").withName(service).get();
        return s == null ? Map.of() : s.getSpec().getSelector();
    }

    static String secretValue(Secret s, String key) {
        if (s.getStringData() != null && s.getStringData().containsKey(key)) {
            return s.getStringData().get(key);
        }
        String data = s.getData() == null ? null : s.getData().get(key);
        return data == null ? null : new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
    }
}
