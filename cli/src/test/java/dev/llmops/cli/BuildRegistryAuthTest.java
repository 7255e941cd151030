package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.testing.LocalRegistry;
import dev.llmops.testing.OciBase;
import dev.llmops.testing.Skopeo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmops build} logging in to a real registry that demands it: {@code docker-registry} over HTTPS (a
 * self-signed certificate) with basic auth, checked with {@code skopeo --creds}.
 */
class BuildRegistryAuthTest {

    private static final String USER = "builder";
    private static final String PASSWORD = "s3cret-registry-pass";

    @TempDir
    static Path shared;

    private static LocalRegistry registry;
    private static Skopeo skopeo;
    private static String baseRef;

    @TempDir
    Path work;

    private Path useCase;
    private Path jar;

    @BeforeAll
    static void startRegistry() {
        skopeo = Skopeo.require().withCredentials(USER + ":" + PASSWORD);
        registry = LocalRegistry.startSecured(shared.resolve("registry"), USER, PASSWORD);
        baseRef = registry.host() + "/base/tiny:1";
        skopeo.copy("oci:" + OciBase.write(shared.resolve("base")), "docker://" + baseRef);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void useCase() throws IOException {
        useCase = ShippedUseCases.copy("named_entity_recognition", work.resolve("ner"));
        jar = work.resolve("llmops.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out, new Manifest())) {
            j.flush();
        }
    }

    @Test
    void should_log_in_with_the_variables_for_the_target_and_the_base_and_never_print_the_password() {
        // given
        String image = registry.host() + "/llmops/ner:env";

        // when
        CliResult result = build(
                Map.of(
                        "LLMOPS_REGISTRY_USERNAME", USER,
                        "LLMOPS_REGISTRY_PASSWORD", PASSWORD,
                        "LLMOPS_BASE_REGISTRY_USERNAME", USER,
                        "LLMOPS_BASE_REGISTRY_PASSWORD", PASSWORD),
                "--image",
                image,
                "--base",
                baseRef,
                "--verbose");

        // then
        assertThat(result).succeeded().outDoesNotContain(PASSWORD).errDoesNotContain(PASSWORD);
        assertThat(skopeo.inspect("docker://" + image).path("Digest").asText()).isEqualTo(digestOf(result));
    }

    @Test
    void should_log_in_with_docker_config_json() throws IOException {
        // given: what 'docker login' leaves behind
        Path dockerConfig = Files.createDirectories(work.resolve("docker"));
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Files.writeString(
                dockerConfig.resolve("config.json"),
                "{\"auths\": {\"" + registry.host() + "\": {\"auth\": \"" + auth + "\"}}}");
        String image = registry.host() + "/llmops/ner:config";

        // when
        CliResult result =
                build(Map.of("DOCKER_CONFIG", dockerConfig.toString()), "--image", image, "--base", "oci:" + base());

        // then
        assertThat(result).succeeded();
        assertThat(skopeo.inspect("docker://" + image).path("Digest").asText()).isEqualTo(digestOf(result));
    }

    @Test
    void should_exit_2_naming_how_to_log_in_when_the_registry_refuses() {
        // when
        CliResult none = build(Map.of(), "--image", registry.host() + "/llmops/ner:x", "--base", "oci:" + base());
        CliResult wrong = build(
                Map.of("LLMOPS_REGISTRY_USERNAME", USER, "LLMOPS_REGISTRY_PASSWORD", "wrong-password-123"),
                "--image",
                registry.host() + "/llmops/ner:x",
                "--base",
                "oci:" + base());
        CliResult half = build(
                Map.of("LLMOPS_REGISTRY_USERNAME", USER),
                "--image",
                registry.host() + "/llmops/ner:x",
                "--base",
                "oci:" + base());

        // then
        assertThat(none).exitedWith(2).errContains("LLMOPS_REGISTRY_USERNAME and LLMOPS_REGISTRY_PASSWORD");
        assertThat(wrong).exitedWith(2).errDoesNotContain("wrong-password-123");
        assertThat(half)
                .exitedWith(2)
                .errContains("LLMOPS_REGISTRY_USERNAME is set but LLMOPS_REGISTRY_PASSWORD is not");
    }

    private Path base() {
        Path dir = work.resolve("base");
        return Files.isDirectory(dir) ? dir : OciBase.write(dir);
    }

    private CliResult build(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("build", "-u", useCase.toString(), "--jar", jar.toString()));
        all.addAll(List.of(args));
        CliRun run = CliRun.in(work).env("XDG_CACHE_HOME", work.resolve("cache").toString());
        env.forEach(run::env);
        return run.run(all.toArray(String[]::new));
    }

    private static String digestOf(CliResult result) {
        Matcher m = Pattern.compile("digest +(sha256:[0-9a-f]{64})").matcher(result.out());
        assertThat(m.find()).as("digest in: %s", result.out()).isTrue();
        return m.group(1);
    }
}
