package dev.llmops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.testing.arm.FakeArm;
import dev.llmops.testing.arm.FakeArmCall;
import dev.llmops.testing.arm.FakeMlWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A use case, the HTTPS fake of Resource Manager, and helpers for the {@code llmops deploy} tests. */
abstract class DeployFixture {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String IMAGE = "myacr.azurecr.io/web_classification_dev:42";

    @TempDir
    Path dir;

    FakeArm arm;
    Path useCase;

    @BeforeEach
    void start() {
        arm = FakeArm.start();
        useCase = ShippedUseCases.copy("web_classification", dir.resolve("web_classification"));
    }

    @AfterEach
    void stop() {
        arm.close();
    }

    CliResult llmops(String... args) {
        CliRun run = CliRun.in(dir).env("AOAI_API_KEY", "aoai-secret-key-value").env("AOAI_API_BASE", "https://x");
        arm.environment().forEach(run::env);
        return run.run(args);
    }

    CliResult deploy(String... extra) {
        String[] base = {"deploy", "-u", "web_classification", "-e", "dev", "--image", IMAGE};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return llmops(all);
    }

    void config(String current, String currentTraffic, String prior, String priorTraffic) throws IOException {
        String json = """
                {"azure_managed_endpoint": [{
                  "ENV_NAME": "dev", "TEST_FILE_PATH": "sample-request.json",
                  "ENDPOINT_NAME": "test-endpoint", "ENDPOINT_DESC": "the endpoint",
                  "DEPLOYMENT_DESC": "the deployment",
                  "PRIOR_DEPLOYMENT_NAME": "%s", "PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION": "%s",
                  "CURRENT_DEPLOYMENT_NAME": "%s", "CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION": "%s",
                  "DEPLOYMENT_VM_SIZE": "Standard_F4s_v2", "DEPLOYMENT_INSTANCE_COUNT": 2,
                  "ENVIRONMENT_VARIABLES": {"example-name": "example-value"}}]}
                """.formatted(prior, priorTraffic, current, currentTraffic);
        Files.writeString(useCase.resolve("configs/deployment_config.json"), json);
    }

    void templateFixture() throws IOException {
        try (var in = getClass().getResourceAsStream("/deploy/template-fixture-deployment_config.json")) {
            Files.write(useCase.resolve("configs/deployment_config.json"), in.readAllBytes());
        }
    }

    FakeMlWorkspace ml() {
        return arm.ml();
    }

    List<String> writes() {
        return arm.writes().stream().map(FakeArmCall::brief).toList();
    }
}
