package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.testing.LocalRegistry;
import dev.llmops.testing.OciBase;
import dev.llmops.testing.Skopeo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmops deploy --registry}: the image is built with {@code llmops build}'s code and pushed to a real
 * registry ({@code docker-registry} on loopback, read back with {@code skopeo}), then deployed by its digest to
 * the HTTPS fake of Resource Manager.
 */
class DeployAmlBuildCommandTest extends DeployFixture {

    @TempDir
    static Path shared;

    private static LocalRegistry registry;
    private static Skopeo skopeo;
    private static String baseRef;

    @BeforeAll
    static void startRegistry() {
        skopeo = Skopeo.require();
        registry = LocalRegistry.start(shared.resolve("registry"));
        Path base = OciBase.write(shared.resolve("base"));
        baseRef = registry.host() + "/base/tiny:1";
        skopeo.copy("oci:" + base, "docker://" + baseRef);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    CliResult buildAndDeploy(String buildId) throws IOException {
        Path jar = fakeJar(dir.resolve("llmops.jar"));
        return llmops(
                "deploy",
                "-u",
                "web_classification",
                "-e",
                "dev",
                "--registry",
                registry.host() + "/llmops",
                "--base-image",
                baseRef,
                "--jar",
                jar.toString(),
                "--insecure",
                "--build_id",
                buildId);
    }

    @Test
    void should_build_push_and_deploy_the_image_by_digest_when_no_image_is_given() throws IOException {
        // given
        config("blue", "100", "", "");

        // when
        CliResult result = buildAndDeploy("run-7");

        // then
        assertThat(result)
                .succeeded()
                .outContains("building the image " + registry.host() + "/llmops/web_classification_dev:run-7")
                .outContains("deployed blue to endpoint test-endpoint: traffic blue=100%");
        String repository = registry.host() + "/llmops/web_classification_dev";
        JsonNode pushed = skopeo.inspect("docker://" + repository + ":run-7");
        String digest = pushed.path("Digest").asText();
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        assertThat(ml().environmentVersions("blue")).singleElement().satisfies(v -> assertThat(
                        v.path("properties").path("image").asText())
                .isEqualTo(repository + "@" + digest));
        JsonNode config = skopeo.config("docker://" + repository + "@" + digest).path("config");
        assertThat(config.path("Labels").path("dev.llmops.env").asText()).isEqualTo("dev");
        assertThat(config.path("Labels").path("dev.llmops.build-id").asText()).isEqualTo("run-7");
        assertThat(result.out()).doesNotContain("aoai-secret-key-value");
    }

    @Test
    void should_reuse_the_environment_version_when_a_rebuild_gives_the_same_digest() throws IOException {
        // given
        config("blue", "100", "", "");
        assertThat(buildAndDeploy("run-8")).succeeded();

        // when
        CliResult again = buildAndDeploy("run-8");

        // then
        assertThat(again).succeeded().outContains("environment blue:1 already runs " + registry.host());
        assertThat(ml().environmentVersions("blue")).hasSize(1);
    }

    @Test
    void should_refuse_build_options_without_a_registry_before_any_call() throws IOException {
        // given
        config("blue", "100", "", "");

        // when
        CliResult result = deploy("--base-image", "tiny:1");

        // then
        assertThat(result).exitedWith(2).errContains("need --registry");
        assertThat(arm.calls()).isEmpty();
    }

    /** An empty jar, written once per test: a rewritten one would have other timestamps, so another digest. */
    private static Path fakeJar(Path file) throws IOException {
        if (Files.exists(file)) {
            return file;
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.flush();
        }
        return file;
    }
}
