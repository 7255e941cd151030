package dev.llmops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Data flows one way: a feature package imports only the packages below it. */
class PackageLayersTest {

    /** Each top-level package, and the packages it may import (besides itself and the root). */
    private static final Map<String, List<String>> ALLOWED = Map.ofEntries(
            Map.entry(
                    "pipeline",
                    List.of(
                            "report",
                            "eval",
                            "run",
                            "experiment",
                            "flow",
                            "llm",
                            "data",
                            "secret",
                            "yaml",
                            "expression",
                            "json",
                            "error")),
            Map.entry(
                    "report",
                    List.of(
                            "eval",
                            "run",
                            "experiment",
                            "flow",
                            "llm",
                            "data",
                            "secret",
                            "yaml",
                            "expression",
                            "json",
                            "error")),
            Map.entry(
                    "eval",
                    List.of(
                            "run",
                            "experiment",
                            "flow",
                            "llm",
                            "dataops",
                            "data",
                            "secret",
                            "yaml",
                            "expression",
                            "json",
                            "error")),
            Map.entry(
                    "run",
                    List.of(
                            "experiment",
                            "flow",
                            "llm",
                            "dataops",
                            "data",
                            "secret",
                            "yaml",
                            "expression",
                            "json",
                            "error")),
            Map.entry(
                    "experiment",
                    List.of("flow", "llm", "dataops", "data", "secret", "yaml", "expression", "json", "error")),
            Map.entry("flow", List.of("llm", "data", "secret", "yaml", "tool", "expression", "json", "error")),
            Map.entry(
                    "image",
                    List.of("experiment", "flow", "llm", "data", "secret", "yaml", "expression", "json", "error")),
            Map.entry("serve", List.of("flow", "llm", "dataops", "secret", "expression", "json", "error")),
            // deploy ships what serve serves: the served keys' variable, the smoke test of a served flow
            Map.entry(
                    "deploy",
                    List.of(
                            "serve",
                            "image",
                            "experiment",
                            "flow",
                            "llm",
                            "dataops",
                            "azure",
                            "data",
                            "secret",
                            "yaml",
                            "expression",
                            "json",
                            "error")),
            // DataOps: data assets, azureml: datasets, datastores, prep and request logs, on the shared Azure client
            Map.entry("dataops", List.of("azure", "data", "secret", "yaml", "expression", "json", "error")),
            // The shared Azure client (Resource Manager, Entra ID tokens, Blob Storage) under deploy and dataops
            Map.entry("azure", List.of("secret", "json", "error")),
            Map.entry("llm", List.of("secret", "json", "error")),
            Map.entry("data", List.of("json", "error")),
            Map.entry("secret", List.of("json", "error")),
            Map.entry("yaml", List.of("json", "error")),
            Map.entry("expression", List.of()),
            // JSON mappers for virtual threads, beside error at the ground
            Map.entry("json", List.of()),
            Map.entry("error", List.of()));

    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?dev\\.llmops\\.([a-z]+)\\.", Pattern.MULTILINE);

    @Test
    void should_import_only_packages_below_each_feature() throws IOException {
        // given
        Path sources = Path.of("src/main/java/dev/llmops");
        List<String> violations = new ArrayList<>();

        // when
        for (Map.Entry<String, List<String>> layer : ALLOWED.entrySet()) {
            try (Stream<Path> files = Files.walk(sources.resolve(layer.getKey()))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = IMPORT.matcher(Files.readString(file));
                    while (m.find()) {
                        String imported = m.group(1);
                        if (!imported.equals(layer.getKey())
                                && !layer.getValue().contains(imported)) {
                            violations.add(sources.relativize(file) + " imports " + imported);
                        }
                    }
                }
            }
        }

        // then
        assertThat(violations).isEmpty();
    }

    @Test
    void should_keep_deploy_targets_apart() throws IOException {
        // given: deploy.<target> packages sit on deploy and the shared azure client, never on each other
        Path deploy = Path.of("src/main/java/dev/llmops/deploy");
        Pattern deployImport =
                Pattern.compile("^import (?:static )?dev\\.llmops\\.deploy\\.([a-z]+)\\.", Pattern.MULTILINE);
        List<String> violations = new ArrayList<>();

        // when
        try (Stream<Path> files = Files.walk(deploy)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = deploy.relativize(file);
                String own = relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
                Matcher m = deployImport.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(own)) {
                        violations.add(relative + " imports deploy." + m.group(1));
                    }
                }
            }
        }

        // then
        assertThat(violations).isEmpty();
    }
}
