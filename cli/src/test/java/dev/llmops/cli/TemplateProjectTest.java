package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static dev.llmops.cli.ExperimentCommandTest.metric;
import static dev.llmops.cli.ExperimentCommandTest.metricsJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.testing.FakeLlmRequest;
import dev.llmops.testing.FakeLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template's three DAG use cases as the template ships them (connection {@code aoai} hard-coded to
 * {@code https://demoopenaiexamples.openai.azure.com/}, api_version 2023-07-01-preview) run without a file edit:
 * the endpoint comes from {@code --set}, {@code AOAI_API_BASE} or {@code --connection}. A local server speaking the
 * Azure OpenAI protocol answers what the use cases' offline recordings say, so the metrics are the READMEs'.
 */
class TemplateProjectTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE_CONNECTION = """
            connections:
            - name: aoai
              connection_type: AzureOpenAIConnection
              api_base: https://demoopenaiexamples.openai.azure.com/
              api_version: 2023-07-01-preview
              api_key: ${api_key}
              api_type: azure

            """;

    @TempDir
    Path dir;

    private final FakeLlmServer llm = FakeLlmServer.start();

    @AfterEach
    void stop() {
        llm.close();
    }

    /** A shipped use case with the template's hard-coded connection; its model answers served over HTTP. */
    private Path template(String name, String folder) throws IOException {
        Path useCase = ShippedUseCases.copy(name, dir.resolve(folder));
        Path file = useCase.resolve("experiment.yaml");
        String yaml = Files.readString(file);
        int start = yaml.indexOf("connections:");
        int end = yaml.indexOf("datasets:");
        Files.writeString(file, yaml.substring(0, start) + TEMPLATE_CONNECTION + yaml.substring(end));
        llm.answerWith(recorded(useCase));
        return useCase;
    }

    /** The recordings' hand-written rules: the first whose text the last user message contains. */
    private static Function<FakeLlmRequest, String> recorded(Path useCase) throws IOException {
        List<String[]> rules = new ArrayList<>();
        try (var files = Files.list(useCase.resolve("recordings"))) {
            for (Path f : files.sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    JsonNode entry = JSON.readTree(line);
                    rules.add(new String[] {
                        entry.path("match").path("contains").asText(),
                        entry.path("response").path("text").asText()
                    });
                }
            }
        }
        return request -> rules.stream()
                .filter(r -> request.lastUserMessage() != null
                        && request.lastUserMessage().contains(r[0]))
                .map(r -> r[1])
                .findFirst()
                .orElse("no recording matches");
    }

    @Test
    void should_warn_in_validate_about_the_demo_endpoint_until_it_is_overridden() throws Exception {
        // given
        template("web_classification", "web");

        // when
        CliResult plain = CliRun.in(dir).env("AOAI_API_KEY", "k").run("validate", "-u", "web");
        CliResult overridden = CliRun.in(dir)
                .env("AOAI_API_KEY", "k")
                .run("validate", "-u", "web", "--set", "connections.aoai.api_base=" + llm.azureApiBase());

        // then
        assertThat(plain)
                .succeeded()
                .errContains("web/experiment.yaml:9:13: warning: connection 'aoai' points at"
                        + " demoopenaiexamples.openai.azure.com")
                .errContains("set AOAI_API_BASE=https://<your-resource>.openai.azure.com/");
        assertThat(overridden).succeeded().errDoesNotContain("demoopenaiexamples");
    }

    @Test
    void should_run_web_classification_with_a_set_override() throws Exception {
        // given
        template("web_classification", "web");

        // when
        CliResult result = CliRun.in(dir)
                .env("AOAI_API_KEY", "template-key")
                .run("experiment", "-u", "web", "--set", "connections.aoai.api_base=" + llm.azureApiBase());

        // then
        assertThat(result).succeeded();
        JsonNode metrics = metricsJson(dir.resolve("reports"));
        assertThat(metric(metrics, "web_classification_flow", "summarize_text_content.variant_0", "accuracy"))
                .isCloseTo(0.6667, within(1e-4));
        assertThat(metric(metrics, "web_classification_flow", "summarize_text_content.variant_1", "accuracy"))
                .isCloseTo(0.8333, within(1e-4));
        assertThat(llm.requestCount()).isEqualTo(48);
        assertThat(llm.requests()).allSatisfy(r -> {
            assertThat(r.apiVersion()).isEqualTo("2023-07-01-preview");
            assertThat(r.header("api-key")).isEqualTo("template-key");
        });
    }

    @Test
    void should_run_named_entity_recognition_with_aoai_api_base_from_the_environment() throws Exception {
        // given
        template("named_entity_recognition", "ner");

        // when
        CliResult result = CliRun.in(dir)
                .env("AOAI_API_KEY", "template-key")
                .env("AOAI_API_BASE", llm.azureApiBase())
                .run("experiment", "-u", "ner");

        // then
        assertThat(result).succeeded();
        JsonNode metrics = metricsJson(dir.resolve("reports"));
        assertThat(metric(metrics, "matcher", "default", "exact_match_rate")).isEqualTo(0.65625);
        assertThat(metric(metrics, "matcher", "default", "partial_match_rate")).isEqualTo(0.9375);
        assertThat(llm.requestCount()).isEqualTo(32);
    }

    @Test
    void should_run_math_coding_with_a_connection_file_and_the_template_subscription_option() throws Exception {
        // given: a Prompt Flow connection file; its key comes from a variable of its own, AOAI_API_KEY is unset
        template("math_coding", "math");
        Files.writeString(dir.resolve("aoai.yaml"), """
                name: aoai
                type: azure_open_ai
                api_base: %s
                api_key: ${MY_AOAI_KEY}
                api_version: 2024-06-01
                """.formatted(llm.azureApiBase()));

        // when
        CliResult result = CliRun.in(dir)
                .env("MY_AOAI_KEY", "file-key")
                .run(
                        "experiment",
                        "--base_path",
                        "math",
                        "--subscription_id",
                        "00000000-0000-0000-0000-000000000000",
                        "--connection",
                        "aoai=aoai.yaml");

        // then
        assertThat(result)
                .succeeded()
                .errContains("note: --subscription_id is ignored: llmops runs locally")
                .outDoesNotContain("file-key")
                .errDoesNotContain("file-key");
        JsonNode metrics = metricsJson(dir.resolve("reports"));
        assertThat(metric(metrics, "math_evaluation_flow", "default", "accuracy"))
                .isEqualTo(0.65);
        assertThat(llm.requests())
                .allSatisfy(r -> assertThat(r.header("api-key")).isEqualTo("file-key"));
        assertThat(llm.lastRequest().apiVersion()).isEqualTo("2024-06-01");
    }
}
