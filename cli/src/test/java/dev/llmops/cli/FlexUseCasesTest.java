package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two flex examples run offline from their README: a function flow calling the model from its own code
 * (through the loopback endpoint, into the replay connection) and a class flow with Prompty, both judged by class
 * evaluators whose {@code __aggregate__} gives the metrics.
 */
class FlexUseCasesTest {

    @TempDir
    Path dir;

    @Test
    void should_reproduce_the_code_generation_readme() throws Exception {
        // given
        ShippedUseCases.copy("code_generation", dir.resolve("codegen"));

        // when
        CliResult result = CliRun.in(dir).run("experiment", "-u", "codegen", "-e", "offline");

        // then
        assertThat(result).succeeded().outContains("average_correctness (code_quality)");
        JsonNode metrics = ExperimentCommandTest.metricsJson(dir.resolve("reports"));
        assertThat(ExperimentCommandTest.metric(metrics, "code_quality", "default", "average_correctness"))
                .isEqualTo(4.3333);
        assertThat(ExperimentCommandTest.metric(metrics, "code_quality", "default", "average_readability"))
                .isEqualTo(4.1667);
        assertThat(ExperimentCommandTest.metric(metrics, "code_quality", "default", "total"))
                .isEqualTo(6.0);
    }

    @Test
    void should_reproduce_the_chat_with_history_readme() throws Exception {
        // given
        ShippedUseCases.copy("chat_with_history", dir.resolve("chat"));

        // when
        CliResult result = CliRun.in(dir).run("experiment", "-u", "chat", "-e", "offline");

        // then
        assertThat(result).succeeded();
        JsonNode metrics = ExperimentCommandTest.metricsJson(dir.resolve("reports"));
        assertThat(ExperimentCommandTest.metric(metrics, "checklist", "default", "average_correctness"))
                .isEqualTo(3.0);
        assertThat(ExperimentCommandTest.metric(metrics, "checklist", "default", "average_concise"))
                .isEqualTo(5.0);
        assertThat(ExperimentCommandTest.metric(metrics, "checklist", "default", "total"))
                .isEqualTo(4.0);
    }
}
