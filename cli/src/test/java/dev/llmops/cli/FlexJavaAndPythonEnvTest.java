package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java flex entries (a class beside the flow, compiled in memory), {@code --init} on {@code run}, and which python
 * interpreter flex flows get ({@code .venv} of the use case) and what validate says about their requirements.
 */
class FlexJavaAndPythonEnvTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void should_run_a_java_class_entry_with_init_and_aggregate() throws Exception {
        // given
        writeJavaUseCase();

        // when
        CliResult result = CliRun.in(dir).run("run", "-u", "uc", "--init", "suffix=?!");

        // then: init.json gives the prefix, --init the suffix; aggregate's map is the run's metrics
        assertThat(result).succeeded();
        Path run = runDir();
        assertThat(Files.readString(run.resolve("outputs.jsonl")))
                .contains("\"greeting\":\"Hi ada?!\"")
                .contains("\"length\":8");
        JsonNode metrics = JSON.readTree(run.resolve("metrics.json").toFile());
        assertThat(metrics.path("lines").asInt()).isEqualTo(2);
        assertThat(metrics.path("longest").asInt()).isEqualTo(10); // "Hi grace?!"
    }

    @Test
    void should_report_a_java_entry_that_does_not_compile_at_its_line() throws Exception {
        // given
        writeJavaUseCase();
        Files.writeString(
                dir.resolve("uc/flows/greet/Greeter.java"),
                "public class Greeter {\n    public String call(String name) {\n        return nme;\n    }\n}\n");

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "uc");

        // then
        assertThat(result).exitedWith(2).errContains("Greeter.java:3:");
    }

    @Test
    void should_run_flex_python_on_the_use_cases_venv_interpreter() throws Exception {
        // given: a .venv whose python records that it was used, then runs the real python3
        writePythonUseCase("");
        Path marker = dir.resolve("venv-used");
        Path python = Files.createDirectories(dir.resolve("uc/.venv/bin")).resolve("python");
        Files.writeString(python, "#!/bin/sh\necho used >> '" + marker + "'\nexec python3 \"$@\"\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));

        // when
        CliResult result = CliRun.in(dir).run("run", "-u", "uc");

        // then
        assertThat(result).succeeded();
        assertThat(marker).isRegularFile();
    }

    @Test
    void should_warn_in_validate_about_requirements_the_interpreter_lacks_with_the_install_command() throws Exception {
        // given
        writePythonUseCase("promptflow\nllmops-surely-missing-package==1.2 ; python_version > '3'\n");

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "uc");

        // then
        assertThat(result)
                .succeeded()
                .errContains("missing llmops-surely-missing-package")
                .errContains("-m pip install -r " + dir.resolve("uc/flows/f/requirements.txt"))
                .errDoesNotContain("missing promptflow");
    }

    private void writeJavaUseCase() throws IOException {
        Path uc = dir.resolve("uc");
        Files.createDirectories(uc.resolve("flows/greet"));
        Files.createDirectories(uc.resolve("data"));
        Files.writeString(uc.resolve("experiment.yaml"), """
                name: javaflex
                flow: flows/greet
                datasets:
                - name: d
                  source: data/data.jsonl
                  mappings:
                    name: ${data.name}
                """);
        Files.writeString(uc.resolve("data/data.jsonl"), "{\"name\": \"ada\"}\n{\"name\": \"grace\"}\n");
        Files.writeString(uc.resolve("flows/greet/flow.flex.yaml"), """
                entry: Greeter:Greeter
                inputs:
                  name: {type: string}
                init:
                  prefix: {type: string, default: Hello}
                  suffix: {type: string, default: '!'}
                """);
        Files.writeString(uc.resolve("flows/greet/init.json"), "{\"prefix\": \"Hi\"}");
        Files.writeString(uc.resolve("flows/greet/Greeter.java"), """
                import java.util.List;
                import java.util.Map;

                public class Greeter {
                    private final String prefix;
                    private final String suffix;

                    public Greeter(String prefix, String suffix) {
                        this.prefix = prefix;
                        this.suffix = suffix;
                    }

                    public Map<String, Object> call(String name) {
                        String greeting = prefix + " " + name + suffix;
                        return Map.of("greeting", greeting, "length", greeting.length());
                    }

                    public Map<String, Object> aggregate(List<Map<String, Object>> lines) {
                        int longest = lines.stream().mapToInt(l -> ((Number) l.get("length")).intValue()).max().orElse(0);
                        return Map.of("lines", lines.size(), "longest", longest);
                    }
                }
                """);
    }

    private void writePythonUseCase(String requirements) throws IOException {
        Path uc = dir.resolve("uc");
        Files.createDirectories(uc.resolve("flows/f"));
        Files.createDirectories(uc.resolve("data"));
        Files.writeString(uc.resolve("experiment.yaml"), """
                name: pyflex
                flow: flows/f
                datasets:
                - name: d
                  source: data/data.jsonl
                  mappings:
                    text: ${data.text}
                """);
        Files.writeString(uc.resolve("data/data.jsonl"), "{\"text\": \"a\"}\n");
        Files.writeString(
                uc.resolve("flows/f/flow.flex.yaml"),
                "entry: m:f\nenvironment:\n  python_requirements_txt: requirements.txt\n");
        Files.writeString(uc.resolve("flows/f/m.py"), "def f(text: str):\n    return text * 2\n");
        Files.writeString(uc.resolve("flows/f/requirements.txt"), requirements);
    }

    private Path runDir() throws IOException {
        try (Stream<Path> runs = Files.list(dir.resolve("uc/.llmops/runs"))) {
            return runs.findFirst().orElseThrow();
        }
    }
}
