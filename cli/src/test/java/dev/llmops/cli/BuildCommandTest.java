package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.testing.LocalRegistry;
import dev.llmops.testing.OciBase;
import dev.llmops.testing.OciLayoutFiles;
import dev.llmops.testing.Skopeo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmops build} as a user runs it, against a real registry ({@code docker-registry} on loopback) and read
 * back with {@code skopeo}. The base is a tiny OCI image made by the test (no Docker Hub here).
 */
class BuildCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    @BeforeEach
    void useCase() throws IOException {
        useCase = ShippedUseCases.copy("named_entity_recognition", work.resolve("ner"));
        Files.writeString(useCase.resolve(".env"), "AOAI_API_KEY=sk-not-for-images\n");
        Files.createDirectories(useCase.resolve("reports"));
        Files.writeString(useCase.resolve("reports/old.html"), "<html/>");
        jar = fakeJar(work.resolve("llmops.jar"));
    }

    @Test
    void should_push_an_image_that_serves_the_use_case_as_a_non_root_user_on_8080() throws Exception {
        // given
        String image = registry.host() + "/llmops/ner:1";

        // when
        CliResult result =
                build("-e", "offline", "--image", image, "--build-id", "run-42", "--git-sha", "a".repeat(40));

        // then
        assertThat(result).succeeded().outContains("Built " + image).outContains("  tags    1, run-42");
        String digest = digestOf(result);
        JsonNode pushed = skopeo.inspect("docker://" + image);
        assertThat(pushed.path("Digest").asText()).isEqualTo(digest);
        assertThat(skopeo.tags("docker://" + registry.host() + "/llmops/ner").path("Tags"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("1", "run-42");

        JsonNode config = skopeo.config("docker://" + image).path("config");
        assertThat(texts(config.path("Entrypoint")))
                .containsExactly(
                        "java",
                        "-XX:+UseZGC",
                        "-XX:MaxRAMPercentage=50",
                        "-Duser.home=/tmp",
                        "-jar",
                        "/app/llmops.jar",
                        "serve",
                        "-u",
                        "/app/use-case",
                        "-e",
                        "offline",
                        "--host",
                        "0.0.0.0",
                        "--port",
                        "8080");
        assertThat(config.path("Cmd").isMissingNode()
                        || config.path("Cmd").isNull()
                        || config.path("Cmd").isEmpty())
                .as("the base's Cmd must not be appended to the entrypoint: %s", config.path("Cmd"))
                .isTrue();
        assertThat(config.path("User").asText()).isEqualTo("10001:10001");
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/app/use-case");
        assertThat(config.path("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(texts(config.path("Env")))
                .contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                .contains("BUILD_INFO={\"build_number\": \"run-42\", \"git_sha\": \"" + "a".repeat(40) + "\"}");
        JsonNode labels = config.path("Labels");
        assertThat(labels.path("dev.llmops.experiment").asText()).isEqualTo("named_entity_recognition");
        assertThat(labels.path("dev.llmops.env").asText()).isEqualTo("offline");
        assertThat(labels.path("dev.llmops.build-id").asText()).isEqualTo("run-42");
        assertThat(labels.path("org.opencontainers.image.revision").asText()).isEqualTo("a".repeat(40));
        assertThat(labels.path("org.opencontainers.image.base.name").asText()).isEqualTo(baseRef);
        assertThat(labels.path("base.name").asText())
                .as("the base's labels are kept")
                .isEqualTo("tiny");
        assertThat(pushed.path("Layers")).hasSize(4); // the base's one, then llmops, use case, flow
    }

    @Test
    void should_hold_the_use_case_without_secrets_data_reports_or_other_overlays() {
        // given
        Path layout = work.resolve("oci");

        // when
        CliResult result = build("-e", "offline", "--image", "ner:1", "--to", "oci:" + layout, "--base", baseRef);

        // then
        assertThat(result)
                .succeeded()
                .errContains("note: left out the datasets (data/ and the experiment's 1 data file)");
        List<List<String>> layers = OciLayoutFiles.entries(layout);
        assertThat(layers).hasSize(4);
        assertThat(layers.get(0)).anyMatch(e -> e.startsWith(OciBase.RELEASE_FILE));
        assertThat(layers.get(1)).anyMatch(e -> e.startsWith("app/llmops.jar (644 0:0)"));
        assertThat(layers.get(2))
                .anyMatch(e -> e.startsWith("app/use-case/experiment.yaml "))
                .anyMatch(e -> e.startsWith("app/use-case/experiment.offline.yaml "))
                .anyMatch(e -> e.startsWith("app/use-case/recordings/ner_offline.jsonl "))
                .anyMatch(e -> e.startsWith("app/use-case/sample-request.json "))
                .noneMatch(e -> e.contains(".env"))
                .noneMatch(e -> e.contains("reports/"))
                .noneMatch(e -> e.contains("data/data"))
                .noneMatch(e -> e.contains("experiment.dev.yaml"))
                .noneMatch(e -> e.contains("tests/"));
        assertThat(layers.get(3).stream().filter(e -> !e.contains("/ (")))
                .allMatch(e -> e.startsWith("app/use-case/flows/standard/"))
                .anyMatch(e -> e.startsWith("app/use-case/flows/standard/flow.dag.yaml "));
    }

    @Test
    void should_give_the_same_digest_for_the_same_inputs_and_a_new_flow_layer_only_when_the_flow_changes()
            throws IOException {
        // given
        String image = registry.host() + "/llmops/repro:1";
        String first = digestOf(build("-e", "offline", "--image", image, "--build-id", "7"));

        // when
        String second = digestOf(build("-e", "offline", "--image", image, "--build-id", "7"));
        Path prompt = useCase.resolve("flows/standard/NER_LLM.jinja2");
        Files.writeString(prompt, Files.readString(prompt) + "\nBe brief.\n");
        String third =
                digestOf(build("-e", "offline", "--image", registry.host() + "/llmops/repro:2", "--build-id", "7"));

        // then
        assertThat(second).isEqualTo(first);
        assertThat(third).isNotEqualTo(first);
        List<String> before = layerDigests(image);
        List<String> after = layerDigests(registry.host() + "/llmops/repro:2");
        assertThat(after.subList(0, 3)).isEqualTo(before.subList(0, 3));
        assertThat(after.get(3)).isNotEqualTo(before.get(3));
    }

    @Test
    void should_read_the_base_from_an_oci_layout_or_a_docker_archive_and_write_a_tarball() {
        // given
        Path layout = OciBase.write(work.resolve("base-layout"));
        Path archive = work.resolve("base.tar");
        skopeo.copy("oci:" + layout, "docker-archive:" + archive);
        Path fromLayout = work.resolve("from-layout.tar");
        Path fromArchive = work.resolve("from-archive.tar");

        // when
        CliResult a = build("--image", "ner:1", "--to", "tar:" + fromLayout, "--base", "oci:" + layout);
        CliResult b = build("--image", "ner:1", "--to", "tar:" + fromArchive, "--base", "docker-archive:" + archive);

        // then
        assertThat(a).succeeded();
        assertThat(b).succeeded();
        JsonNode config = skopeo.config("docker-archive:" + fromLayout).path("config");
        assertThat(config.path("Labels").path("base.name").asText()).isEqualTo("tiny");
        assertThat(texts(config.path("Entrypoint"))).contains("serve").doesNotContain("-e");
        assertThat(skopeo.inspect("docker-archive:" + fromArchive).path("Layers"))
                .hasSize(4);
    }

    @Test
    void should_write_a_build_context_whose_dockerfile_matches_the_image() throws IOException {
        // given
        Path context = work.resolve("context");

        // when
        CliResult result = build("-e", "offline", "--output", context.toString(), "--base", "eclipse-temurin:21-jdk");

        // then
        assertThat(result).succeeded().outContains("Wrote the build context of 'named_entity_recognition'");
        String dockerfile = Files.readString(context.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains("FROM eclipse-temurin:21-jdk\n")
                .contains("COPY app/llmops.jar /app/llmops.jar\n")
                .contains("USER 10001:10001\n")
                .contains("EXPOSE 8080\n")
                .contains("LABEL dev.llmops.env=\"offline\"\n")
                .contains(
                        "ENTRYPOINT [\"java\",\"-XX:+UseZGC\",\"-XX:MaxRAMPercentage=50\",\"-Duser.home=/tmp\",\"-jar\","
                                + "\"/app/llmops.jar\",\"serve\",\"-u\",\"/app/use-case\",\"-e\",\"offline\",\"--host\","
                                + "\"0.0.0.0\",\"--port\",\"8080\"]")
                .doesNotContain("{{")
                .doesNotContain("#!")
                .doesNotContain("python3");
        assertThat(context.resolve("app/use-case/flows/standard/flow.dag.yaml")).exists();
        assertThat(context.resolve("app/use-case/.env")).doesNotExist();
        assertThat(context.resolve("app/use-case/data/data.jsonl")).doesNotExist();
        assertThat(JSON.readTree(context.resolve("settings.json").toFile()).toString())
                .as("the offline env's replay connection needs no secret; serving on 0.0.0.0 needs keys")
                .isEqualTo("{\"LLMOPS_SERVE_KEYS\":\"\"}");
        assertThat(Files.readString(context.resolve("README.md"))).contains("docker build -t IMAGE .");
    }

    @Test
    void should_name_the_connection_secrets_the_container_needs_and_write_none() throws IOException {
        // given
        Path context = work.resolve("context-dev");
        Path resultFile = work.resolve("out/build.json");

        // when
        CliResult result = build("-e", "dev", "--output", context.toString(), "--output-file", resultFile.toString());

        // then
        assertThat(result)
                .succeeded()
                .outContains("The container needs: AOAI_API_BASE, AOAI_API_KEY, LLMOPS_SERVE_KEYS");
        assertThat(JSON.readTree(context.resolve("settings.json").toFile()).toString())
                .isEqualTo("{\"AOAI_API_BASE\":\"\",\"AOAI_API_KEY\":\"\",\"LLMOPS_SERVE_KEYS\":\"\"}");
        assertThat(Files.readString(context.resolve("app/use-case/experiment.dev.yaml")))
                .contains("${api_key}");
        try (var files = Files.walk(context)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readAllBytes(f)).asString().doesNotContain("sk-not-for-images");
            }
        }
        JsonNode json = JSON.readTree(resultFile.toFile());
        assertThat(json.path("context").asText()).isEqualTo(context.toString());
        assertThat(texts(json.path("settings"))).containsExactly("AOAI_API_BASE", "AOAI_API_KEY", "LLMOPS_SERVE_KEYS");
    }

    @Test
    void should_refuse_an_unknown_variant_a_bad_reference_a_used_folder_and_a_missing_target_with_exit_2()
            throws IOException {
        // given
        Path used = Files.createDirectories(work.resolve("used"));
        Files.writeString(used.resolve("keep.txt"), "mine");

        // when / then
        assertThat(build("--output", work.resolve("c1").toString(), "--variant", "${NER_LLM.variant_9}"))
                .exitedWith(2)
                .errContains("flow.dag.yaml: error: variant selection names node 'NER_LLM', which has no variants");
        assertThat(build("--image", "Not A Ref", "--to", "tar:" + work.resolve("x.tar")))
                .exitedWith(2)
                .errContains("--image Not A Ref is not an image reference");
        assertThat(build("--output", used.toString())).exitedWith(2).errContains("is not empty; nothing was written");
        assertThat(used.resolve("keep.txt")).hasContent("mine");
        assertThat(build()).exitedWith(2).errContains("nothing to build");
        assertThat(build("--image", "ner:1", "--to", "zip:x")).exitedWith(2).errContains("--to zip:x: unknown target");
    }

    @Test
    void should_refuse_a_connection_whose_key_is_written_literally() throws IOException {
        // given
        Path experiment = useCase.resolve("experiment.yaml");
        Files.writeString(
                experiment, Files.readString(experiment).replace("api_key: ${api_key}", "api_key: sk-literal-1234"));

        // when
        CliResult result = build("--output", work.resolve("context").toString());

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("experiment.yaml: error: connection 'aoai' writes its api_key literally")
                .errContains("write api_key: ${api_key} and set AOAI_API_KEY where the container runs");
        assertThat(work.resolve("context")).doesNotExist();
    }

    @Test
    void should_refuse_a_use_case_file_that_holds_a_secret_value_and_mask_it() throws IOException {
        // given: the key from .env pasted into a note next to the flow
        Files.writeString(useCase.resolve("flows/standard/NOTES.md"), "key for testing: sk-not-for-images\n");

        // when
        CliResult result =
                build("-e", "dev", "--output", work.resolve("context").toString());

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("NOTES.md: error: holds the value of a secret")
                .errDoesNotContain("sk-not-for-images");
        assertThat(work.resolve("context")).doesNotExist();
    }

    @Test
    void should_fail_with_exit_1_when_the_registry_cannot_be_reached() throws IOException {
        // given
        int closedPort;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }

        // when
        CliResult result = build("--image", "127.0.0.1:" + closedPort + "/llmops/ner:1", "--base", baseRef);

        // then
        assertThat(result).exitedWith(1).errContains("image build failed");
    }

    private CliResult build(String... args) {
        List<String> all = new ArrayList<>(List.of("build", "-u", useCase.toString(), "--jar", jar.toString()));
        boolean hasBase = List.of(args).contains("--base");
        boolean image = List.of(args).contains("--image");
        all.addAll(List.of(args));
        if (image && !hasBase) {
            all.addAll(List.of("--base", baseRef));
        }
        return CliRun.in(work)
                .env("XDG_CACHE_HOME", work.resolve("cache").toString())
                .run(all.toArray(String[]::new));
    }

    private static String digestOf(CliResult result) {
        assertThat(result).succeeded();
        Matcher m = Pattern.compile("digest +(sha256:[0-9a-f]{64})").matcher(result.out());
        assertThat(m.find()).as("digest in: %s", result.out()).isTrue();
        return m.group(1);
    }

    private static List<String> layerDigests(String image) {
        return texts(skopeo.inspect("docker://" + image).path("Layers"));
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    private static Path fakeJar(Path file) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.flush();
        }
        return file;
    }
}
