package dev.llmops.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.llmops.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The scaffolded files are valid: they parse, compile, pass their own tests and point at files that exist. */
class ScaffoldContentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path root;

    private Path scaffold(InitTemplate template) {
        Path dir = root.resolve("sample_uc");
        new UseCaseInitializer().initialize(new InitRequest(dir, template, Optional.empty()));
        return dir;
    }

    @ParameterizedTest
    @EnumSource(InitTemplate.class)
    void should_write_yaml_json_and_jsonl_that_parse(InitTemplate template) throws IOException {
        // given
        Path dir = scaffold(template);

        // when / then
        for (String file : UseCaseInitializerTest.filesUnder(dir)) {
            String text = Files.readString(dir.resolve(file));
            if (file.endsWith(".yaml")) {
                JsonNode yaml = YAML.readTree(text);
                assertThat(yaml.isObject()).as(file + " is a mapping").isTrue();
                // The project's own reader also refuses duplicate keys, which Jackson accepts.
                assertThat(YamlReader.read(dir.resolve(file))).as(file).isPresent();
            } else if (file.endsWith(".json")) {
                assertThat(JSON.readTree(text).isObject()).as(file).isTrue();
            } else if (file.endsWith(".jsonl")) {
                List<String> lines = text.lines().toList();
                assertThat(lines).as(file).isNotEmpty().noneMatch(String::isBlank);
                for (String line : lines) {
                    assertThat(JSON.readTree(line).isObject())
                            .as(file + ": " + line)
                            .isTrue();
                }
            } else if (file.endsWith(".prompty")) {
                assertThat(YAML.readTree(PromptFiles.frontMatter(text))
                                .path("model")
                                .isObject())
                        .as(file + " front matter has a model")
                        .isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(InitTemplate.class)
    void should_write_python_that_compiles(InitTemplate template) throws Exception {
        // given
        assumeTrue(Python.available(), "python3 is not on the PATH");
        Path dir = scaffold(template);
        List<String> command = new ArrayList<>(List.of("python3", "-m", "py_compile"));
        UseCaseInitializerTest.filesUnder(dir).stream()
                .filter(f -> f.endsWith(".py"))
                .forEach(command::add);
        assertThat(command).hasSizeGreaterThan(4);

        // when
        ProcessResult result = run(dir, command);

        // then
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @ParameterizedTest
    @EnumSource(InitTemplate.class)
    void should_pass_its_own_python_tests(InitTemplate template) throws Exception {
        // given
        assumeTrue(Python.available(), "python3 is not on the PATH");
        Path dir = scaffold(template);

        // when
        ProcessResult result = run(dir, List.of("python3", "-m", "unittest", "discover", "-s", "tests/python"));

        // then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .containsPattern("(?m)^Ran [1-9]\\d* tests? in ")
                .containsPattern("(?m)^OK");
    }

    @ParameterizedTest
    @EnumSource(InitTemplate.class)
    void should_reference_only_files_that_exist(InitTemplate template) throws IOException {
        // given
        Path dir = scaffold(template);
        JsonNode experiment = YAML.readTree(dir.resolve("experiment.yaml").toFile());
        List<String> flows = new ArrayList<>();
        List<String> paths = new ArrayList<>();

        // when
        flows.add(experiment.path("flow").asText());
        experiment.path("datasets").forEach(d -> paths.add(d.path("source").asText()));
        experiment.path("evaluators").forEach(e -> flows.add(e.path("flow").asText()));
        YAML.readTree(dir.resolve("experiment.pr.yaml").toFile())
                .path("datasets")
                .forEach(d -> paths.add(d.path("source").asText()));
        YAML.readTree(dir.resolve("experiment.offline.yaml").toFile())
                .path("connections")
                .forEach(c -> paths.add(c.path("recordings").asText()));
        for (String flow : flows) {
            if (template.flex()) {
                String entry = YAML.readTree(
                                dir.resolve(flow + "/flow.flex.yaml").toFile())
                        .path("entry")
                        .asText();
                paths.add(flow + "/flow.flex.yaml");
                paths.add(flow + "/" + entry.substring(0, entry.indexOf(':')) + ".py");
                continue;
            }
            for (JsonNode node : PromptFiles.nodes(
                    YAML.readTree(dir.resolve(flow + "/flow.dag.yaml").toFile()))) {
                paths.add(flow + "/" + node.path("source").path("path").asText());
            }
        }

        // then
        assertThat(flows).hasSize(2);
        assertThat(paths)
                .hasSizeGreaterThan(5)
                .allSatisfy(p -> assertThat(dir.resolve(p)).as(p).isRegularFile());
    }

    @ParameterizedTest
    @EnumSource(InitTemplate.class)
    void should_have_exactly_one_recording_for_every_llm_call_of_every_data_line(InitTemplate template)
            throws IOException {
        // given: a DAG template (a flex template's calls are made by its code; running it offline checks them)
        assumeTrue(!template.flex(), "flex templates are run offline by InitThenExperimentTest");
        Path dir = scaffold(template);
        JsonNode experiment = YAML.readTree(dir.resolve("experiment.yaml").toFile());
        Path flowDir = dir.resolve(experiment.path("flow").asText());
        List<JsonNode> llmNodes = PromptFiles.nodes(
                        YAML.readTree(flowDir.resolve("flow.dag.yaml").toFile()))
                .stream()
                .filter(n -> n.path("type").asText().equals("llm"))
                .toList();
        List<String> rules = Files.readAllLines(dir.resolve("recordings/sample_uc.jsonl")).stream()
                .map(line -> readTree(line).path("match").path("contains").asText())
                .toList();
        JsonNode mappings = experiment.path("datasets").get(0).path("mappings");
        boolean[] used = new boolean[rules.size()];

        // when every data line goes through every llm node (each variant of a node is one)
        for (String line : Files.readAllLines(dir.resolve("data/data.jsonl"))) {
            Map<String, Object> flowInputs = PromptFiles.flowInputs(mappings, readTree(line));
            for (JsonNode node : llmNodes) {
                String prompt = Files.readString(
                        flowDir.resolve(node.path("source").path("path").asText()), StandardCharsets.UTF_8);
                String message = PromptFiles.lastUserMessage(prompt, PromptFiles.nodeInputs(node, flowInputs));
                List<Integer> hits = new ArrayList<>();
                for (int i = 0; i < rules.size(); i++) {
                    if (message.contains(rules.get(i))) {
                        hits.add(i);
                        used[i] = true;
                    }
                }

                // then
                assertThat(hits)
                        .as("recording rules matching '%s' (node %s)", message, node.path("source"))
                        .hasSize(1);
            }
        }
        for (int i = 0; i < used.length; i++) {
            assertThat(used[i]).as("rule %d is used: %s", i + 1, rules.get(i)).isTrue();
        }
        assertThat(rules).hasSizeGreaterThanOrEqualTo(8);
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private record ProcessResult(int exitCode, String output) {}

    private static ProcessResult run(Path dir, List<String> command) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(100, TimeUnit.SECONDS))
                .as("finished: " + command)
                .isTrue();
        return new ProcessResult(process.exitValue(), output);
    }
}
