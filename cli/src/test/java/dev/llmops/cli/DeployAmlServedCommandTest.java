package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.testing.FakeLlmServer;
import dev.llmops.testing.arm.FakeArm;
import dev.llmops.testing.arm.FakeMlWorkspace;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke test against a real {@code llmops serve}: each deployment the fake Resource Manager holds is served, as
 * the container would be, by {@code llmops serve} of the use case the image holds (no {@code .env}), with the
 * deployment's environment variables as its only environment, calling a fake Azure OpenAI server.
 */
class DeployAmlServedCommandTest {

    private static final String API_KEY = "aoai-aml-secret-key-0099";

    @TempDir
    Path work;

    private final FakeLlmServer llm = FakeLlmServer.start();
    private final Map<String, ServingCli> containers = new ConcurrentHashMap<>();
    private FakeArm arm;
    private Path image;

    @BeforeEach
    void start() throws IOException {
        arm = FakeArm.start();
        Path useCase = ShippedUseCases.copy("named_entity_recognition", work.resolve("ner"));
        Files.writeString(
                useCase.resolve(".env"), "AOAI_API_KEY=" + API_KEY + "\nAOAI_API_BASE=" + llm.azureApiBase() + "\n");
        image = ShippedUseCases.copy("named_entity_recognition", work.resolve("image"));
        llm.answer("Brightwell, Moss & Tan LLP, Orino Foods");
        for (String d : new String[] {"blue", "green"}) {
            arm.ml().scorer(d, new FakeMlWorkspace.Scorer() {
                @Override
                public FakeMlWorkspace.Answer score(String deployment, String body) {
                    return score(deployment, body, null);
                }

                @Override
                public FakeMlWorkspace.Answer score(String deployment, String body, String authorization) {
                    return container(deployment).score(deployment, body, authorization);
                }
            });
        }
    }

    @AfterEach
    void stop() {
        containers.values().forEach(ServingCli::close);
        arm.close();
        llm.close();
    }

    /**
     * The deployment's container: llmops serve as the image's entrypoint starts it (on 0.0.0.0, so keys are
     * required) with exactly the variables the deployment carries. One that does not start answers 502 with its
     * error, as the endpoint would report a container that never became ready.
     */
    private FakeMlWorkspace.Scorer container(String deployment) {
        ServingCli serve = containers.computeIfAbsent(deployment, d -> {
            Map<String, String> env = new HashMap<>();
            arm.ml()
                    .deployment("ner-endpoint", d)
                    .orElseThrow()
                    .path("properties")
                    .path("environmentVariables")
                    .properties()
                    .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
            env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            try {
                return ServingCli.start(
                        work, env, "serve", "-u", image.toString(), "-e", "dev", "--host", "0.0.0.0", "--port", "0");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        if (!serve.listening()) {
            String why = serve.out() + serve.err();
            return (d, body) -> new FakeMlWorkspace.Answer(
                    502,
                    "{\"message\": \"container not ready: "
                            + why.strip().replace("\"", "'").replace("\n", " ") + "\"}");
        }
        return FakeMlWorkspace.Scorer.proxy(URI.create(serve.baseUrl().replace("0.0.0.0", "127.0.0.1") + "/score"));
    }

    private void config(String current, String traffic, String prior) throws IOException {
        Files.writeString(work.resolve("ner/configs/deployment_config.json"), """
                {"azure_managed_endpoint": [{
                  "ENV_NAME": "dev", "TEST_FILE_PATH": "sample-request.json",
                  "ENDPOINT_NAME": "ner-endpoint", "PRIOR_DEPLOYMENT_NAME": "%s",
                  "CURRENT_DEPLOYMENT_NAME": "%s", "CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION": "%s",
                  "DEPLOYMENT_VM_SIZE": "Standard_F4s_v2", "DEPLOYMENT_INSTANCE_COUNT": 1}]}
                """.formatted(prior, current, traffic));
    }

    private CliResult deploy() {
        CliRun run = CliRun.in(work);
        arm.environment().forEach(run::env);
        return run.run("deploy", "-u", "ner", "-e", "dev", "--image", "myacr.azurecr.io/ner_dev:1");
    }

    @Test
    void should_pass_the_smoke_test_served_by_llmops_serve_with_the_deployment_variables() throws IOException {
        // given
        config("blue", "100", "");

        // when
        CliResult result = deploy();

        // then: the container accepted the endpoint's key, and the request reached the model with the key the
        // deployment carries
        assertThat(result).succeeded().outContains("smoke test passed");
        String primary = arm.ml().primaryKey("ner-endpoint");
        String secondary = arm.ml().secondaryKey("ner-endpoint");
        assertThat(arm.ml()
                        .deployment("ner-endpoint", "blue")
                        .orElseThrow()
                        .path("properties")
                        .path("environmentVariables")
                        .path("LLMOPS_SERVE_KEYS")
                        .asText())
                .isEqualTo(primary + "," + secondary);
        assertThat(containers.get("blue").out()).contains("2 key(s)");
        assertThat(result.out() + result.err()).doesNotContain(primary).doesNotContain(secondary);
        assertThat(llm.lastRequest().header("api-key")).isEqualTo(API_KEY);
        assertThat(llm.lastRequest().lastUserMessage()).contains("Orino Foods");
        assertThat(arm.ml().traffic("ner-endpoint")).containsExactly(Map.entry("blue", 100));
        assertThat(result.out() + result.err()).doesNotContain(API_KEY);
    }

    @Test
    void should_keep_traffic_when_the_served_flow_fails_upstream() throws IOException {
        // given: blue serves; the model deployment is gone when green comes up
        config("blue", "100", "");
        assertThat(deploy()).succeeded();
        llm.when(r -> true, FakeLlmServer.Behaviour.deploymentNotFound());
        config("green", "90", "blue");

        // when
        CliResult result = deploy();

        // then
        assertThat(result)
                .exitedWith(1)
                .errContains("smoke test of deployment green failed: sample-request.json scored HTTP 502")
                .errContains("answered HTTP 404 (DeploymentNotFound)")
                .errContains("traffic left as it was (blue=100%)");
        assertThat(arm.ml().traffic("ner-endpoint")).containsExactly(Map.entry("blue", 100));
        assertThat(result.out() + result.err()).doesNotContain(API_KEY);
    }
}
