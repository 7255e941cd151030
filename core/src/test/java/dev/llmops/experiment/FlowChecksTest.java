package dev.llmops.experiment;

import static dev.llmops.experiment.UseCaseFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmops.SystemEnv;
import dev.llmops.data.DataReader;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.secret.SecretMasker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flow-level checks of {@code validate}, with tool runners that record what they were asked. */
class FlowChecksTest {

    @TempDir
    Path work;

    private final List<String> events = new CopyOnWriteArrayList<>();

    private final class RecordingRunner implements ToolRunner {
        private final String language;

        RecordingRunner(String language) {
            this.language = language;
            events.add(language + " started");
        }

        @Override
        public ToolResult invoke(ToolInvocation invocation) {
            throw new AssertionError("validate must not call tools");
        }

        @Override
        public List<Problem> check(ToolInvocation invocation) {
            events.add(language + " check " + invocation.nodeName() + " " + invocation.source() + " "
                    + invocation.inputs().keySet());
            return List.of();
        }

        @Override
        public void close() {
            events.add(language + " closed");
        }
    }

    private ExperimentValidator validator() {
        return new ExperimentValidator(
                new ExperimentLoader(),
                new DataReader(),
                new ToolCheckRunners((env, dir) -> new RecordingRunner("python"), () -> new RecordingRunner("java")));
    }

    private ValidationResult validate() {
        return validator()
                .validate(ExperimentRequest.of(Path.of("uc"), null), new SystemEnv(Map.of(), work), new SecretMasker());
    }

    @BeforeEach
    void promptOnlyFlow() {
        write(work, "uc/data/qa.jsonl", "{\"question\": \"2+2?\", \"answer\": \"4\"}\n");
        write(work, "uc/flows/qa/flow.dag.yaml", """
                inputs:
                  question: {type: string}
                  style: {type: string, default: short}
                outputs:
                  answer: {type: string, reference: "${render.output}"}
                nodes:
                - name: render
                  type: prompt
                  source: {type: code, path: render.jinja2}
                  inputs: {q: "${inputs.question}", s: "${inputs.style}"}
                """);
        write(work, "uc/flows/qa/render.jinja2", "{{ s }}: {{ q }}");
    }

    private void experiment(String evaluators) {
        write(work, "uc/experiment.yaml", """
                name: qa
                flow: flows/qa
                datasets:
                  - name: qa
                    source: qa.jsonl
                    mappings:
                      question: ${data.question}
                """ + evaluators);
    }

    @Test
    void should_accept_a_builtin_evaluator_without_a_flow_folder() {
        // given
        experiment("""
                evaluators:
                  - name: overlap
                    flow: builtin:f1_score
                    datasets:
                      - name: qa
                        mappings:
                          response: ${run.outputs.answer}
                          ground_truth: ${data.answer}
                  - name: judged
                    flow: builtin:groundedness
                    datasets:
                      - name: qa
                        mappings:
                          response: ${run.outputs.answer}
                          context: ${data.answer}
                          query: ${run.inputs.question}
                """);

        // when
        ValidationResult result = validate();

        // then
        assertThat(result.experiment().evaluators())
                .allSatisfy(e -> assertThat(e.isBuiltin()).isTrue());
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void should_start_no_tool_runner_for_a_flow_without_tool_nodes() {
        // given
        experiment("");

        // when
        validate();

        // then
        assertThat(events).isEmpty();
    }

    @Test
    void should_check_every_tool_node_and_variant_once_and_close_the_runners() {
        // given
        experiment("");
        write(work, "uc/flows/qa/flow.dag.yaml", """
                inputs:
                  question: {type: string}
                outputs:
                  answer: {type: string, reference: "${count.output}"}
                nodes:
                - name: clean
                  use_variants: true
                - name: count
                  type: java
                  source: {type: code, path: Count.java}
                  inputs: {text: "${clean.output}"}
                node_variants:
                  clean:
                    default_variant_id: v1
                    variants:
                      v1:
                        node: {type: python, source: {type: code, path: clean.py}, inputs: {text: "${inputs.question}"}}
                      v2:
                        node: {type: python, source: {type: code, path: clean_v2.py}, inputs: {text: "${inputs.question}", strict: true}}
                """);
        write(work, "uc/flows/qa/clean.py", "def clean(text):\n    return text\n");
        write(work, "uc/flows/qa/clean_v2.py", "def clean(text, strict):\n    return text\n");
        write(work, "uc/flows/qa/Count.java", "public class Count {}\n");

        // when
        validate();

        // then
        assertThat(events)
                .containsExactly(
                        "python started",
                        "python check clean clean.py [text]",
                        "python check clean clean_v2.py [text, strict]",
                        "python closed",
                        "java started",
                        "java check count Count.java [text]",
                        "java closed");
    }

    @Test
    void should_report_a_runner_that_cannot_start_together_with_the_other_problems() {
        // given: a python node, and a mapping key that is no flow input
        experiment("");
        write(work, "uc/experiment.yaml", """
                name: qa
                flow: flows/qa
                datasets:
                  - name: qa
                    source: qa.jsonl
                    mappings:
                      topic: ${data.question}
                """);
        write(work, "uc/flows/qa/flow.dag.yaml", """
                inputs:
                  question: {type: string}
                outputs:
                  answer: {type: string, reference: "${clean.output}"}
                nodes:
                - name: clean
                  type: python
                  source: {type: code, path: clean.py}
                  inputs: {text: "${inputs.question}"}
                """);
        write(work, "uc/flows/qa/clean.py", "def clean(text):\n    return text\n");
        ExperimentValidator noPython = new ExperimentValidator(
                new ExperimentLoader(),
                new DataReader(),
                new ToolCheckRunners(
                        (env, dir) -> new ToolRunner() {
                            @Override
                            public ToolResult invoke(ToolInvocation invocation) {
                                throw new AssertionError("not called");
                            }

                            @Override
                            public List<Problem> check(ToolInvocation invocation) {
                                throw ConfigException.of("python nodes need a Python 3 interpreter", "install Python");
                            }

                            @Override
                            public void close() {}
                        },
                        () -> new RecordingRunner("java")));

        // when
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> noPython.validate(
                        ExperimentRequest.of(Path.of("uc"), null), new SystemEnv(Map.of(), work), new SecretMasker()));

        // then
        assertThat(e.problems())
                .map(Problem::format)
                .anySatisfy(p -> assertThat(p).contains("python nodes need a Python 3 interpreter"))
                .anySatisfy(p -> assertThat(p).contains("mapping 'topic' is not an input of the flow flows/qa"));
    }
}
