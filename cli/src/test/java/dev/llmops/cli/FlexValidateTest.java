package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code validate} (and the preflight of {@code run}) says about flex flows with a real {@code python3}: declared
 * outputs against the entry's return annotation, evaluator mappings against the outputs a flex flow has, modules that
 * are not installed (with the pip command), and the interpreter it asks.
 */
class FlexValidateTest {

    private static final String TYPED_DICT = """
            from typing import TypedDict


            class Answer(TypedDict):
                answer: str
                context: str


            def answer(question: str) -> Answer:
                return {"answer": question.upper(), "context": "c"}
            """;

    @TempDir
    Path dir;

    @Test
    void should_refuse_a_declared_output_that_the_typed_dict_return_lacks_in_validate_and_run() throws Exception {
        // given: outputs declares 'sources', which Answer does not have
        writeUseCase(TYPED_DICT, """
                entry: qa:answer
                outputs:
                  answer: {type: string}
                  sources: {type: string}
                """, "");

        // when
        CliResult validate = CliRun.in(dir).run("validate", "-u", "uc");
        CliResult run = CliRun.in(dir).run("run", "-u", "uc");

        // then: at the line of 'sources' in flow.flex.yaml, naming the fields there are; run refuses it the same way
        String expected = "uc/flows/qa/flow.flex.yaml:4:3: error: output 'sources' is declared in flow.flex.yaml,"
                + " but answer() returns Answer with fields answer, context";
        assertThat(validate)
                .exitedWith(2)
                .errContains(expected)
                .errContains("declare the outputs Answer has (answer, context), or add a field 'sources' to Answer")
                .errDoesNotContain("output 'answer' is declared");
        assertThat(run).exitedWith(2).errContains(expected);
        assertThat(dir.resolve("uc/.llmops/runs")).doesNotExist();
    }

    @Test
    void should_accept_declared_outputs_that_match_a_dataclass_return_of_a_class_entry() throws Exception {
        // given
        writeUseCase("""
                from dataclasses import dataclass


                @dataclass
                class Reply:
                    answer: str
                    score: int


                class Flow:
                    def __init__(self, bonus: int = 1):
                        self.bonus = bonus

                    def __call__(self, question: str) -> Reply:
                        return Reply(question, len(question) + self.bonus)
                """, """
                entry: qa:Flow
                outputs:
                  answer: {type: string}
                  score: {type: int}
                """, "");

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "uc");

        // then
        assertThat(result).succeeded().errDoesNotContain("output '");
    }

    @Test
    void should_refuse_a_named_output_when_the_entry_returns_a_single_value() throws Exception {
        // given
        writeUseCase("def answer(question: str) -> str:\n    return question\n", """
                entry: qa:answer
                outputs:
                  answer: {type: string}
                """, "");

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "uc");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("flow.flex.yaml:3:3: error: output 'answer' is declared in flow.flex.yaml, but answer()"
                        + " returns str, a single value, which is the output 'output'")
                .errContains("rename the output to 'output'");
    }

    @Test
    void should_refuse_evaluator_mappings_of_outputs_the_flex_entry_does_not_return() throws Exception {
        // given: no outputs declared, so the TypedDict decides; the evaluator reads a misspelt one and target.output
        writeUseCase(TYPED_DICT, "entry: qa:answer\n", """
                evaluators:
                - name: judge
                  flow: flows/judge
                  datasets:
                  - name: d
                    mappings:
                      prediction: ${run.outputs.anwser}
                      context: ${target.output}
                """);
        writeJudge();

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "uc");

        // then: at the experiment.yaml line of each mapping, listing the outputs the flow has
        assertThat(result)
                .exitedWith(2)
                .errContains("uc/experiment.yaml:14:19: error: evaluator 'judge', dataset 'd': mapping 'prediction'"
                        + " reads run.outputs.anwser, but the flow flows/qa has no output 'anwser' (its outputs are"
                        + " the fields of its entry's return annotation) (did you mean 'answer'? outputs: answer,"
                        + " context)")
                .errContains("uc/experiment.yaml:15:16: error: evaluator 'judge', dataset 'd': mapping 'context' reads"
                        + " target.output, but the flow flows/qa has no output 'output'");
    }

    @Test
    void should_accept_evaluator_mappings_of_the_returned_fields_and_leave_untyped_returns_unchecked()
            throws Exception {
        // given: the first flow returns Answer; the second returns a plain dict, which tells nothing
        writeUseCase(TYPED_DICT, "entry: qa:answer\n", """
                evaluators:
                - name: judge
                  flow: flows/judge
                  datasets:
                  - name: d
                    mappings:
                      prediction: ${run.outputs.answer}
                      context: ${run.outputs.context}
                """);
        writeJudge();
        CliResult typed = CliRun.in(dir).run("validate", "-u", "uc");
        Files.writeString(dir.resolve("uc/flows/qa/qa.py"), "def answer(question: str) -> dict:\n    return {}\n");
        Files.writeString(
                dir.resolve("uc/experiment.yaml"),
                Files.readString(dir.resolve("uc/experiment.yaml")).replace("run.outputs.context", "run.outputs.x"));

        // when
        CliResult untyped = CliRun.in(dir).run("validate", "-u", "uc");

        // then
        assertThat(typed).succeeded();
        assertThat(untyped).succeeded().errDoesNotContain("has no output");
    }

    @Test
    void should_name_the_pip_command_of_the_flows_requirements_for_a_module_that_is_not_installed() throws Exception {
        // given
        writeUseCase(
                "import llmops_surely_missing_module\n\n\ndef answer(question: str):\n    return question\n",
                "entry: qa:answer\nenvironment:\n  python_requirements_txt: requirements.txt\n",
                "");
        Path requirements = dir.resolve("uc/flows/qa/requirements.txt");
        Files.writeString(requirements, "llmops-surely-missing-module>=1.0\n");

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "uc");

        // then: at the import line, with the command for this interpreter and that file
        assertThat(result)
                .exitedWith(2)
                .errContains("uc/flows/qa/qa.py:1: error: entry 'qa:answer': importing entry module qa failed:"
                        + " ModuleNotFoundError: No module named 'llmops_surely_missing_module'")
                .errContains("module 'llmops_surely_missing_module' is not installed for ")
                .errContains("; install the flow's requirements: ")
                .errContains(" -m pip install -r " + requirements + ")");
    }

    @Test
    void should_name_the_module_to_install_and_the_file_to_add_it_to_when_requirements_do_not_list_it()
            throws Exception {
        // given: the requirements file lists something else
        writeUseCase(
                "import llmops_surely_missing_module\n\n\ndef answer(question: str):\n    return question\n",
                "entry: qa:answer\nenvironment:\n  python_requirements_txt: requirements.txt\n",
                "");
        Path requirements = dir.resolve("uc/flows/qa/requirements.txt");
        Files.writeString(requirements, "jinja2\n");

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "uc");

        // then
        assertThat(result)
                .exitedWith(2)
                .errContains("requirements.txt does not list it; add llmops_surely_missing_module to " + requirements
                        + " and run: ")
                .errContains(" -m pip install -r " + requirements);
    }

    @Test
    void should_fail_the_lines_of_an_entry_that_imports_a_missing_module_when_called_with_the_pip_command()
            throws Exception {
        // given: the import runs only when a line calls the entry, so validate cannot see it
        writeUseCase(
                "def answer(question: str):\n    import llmops_surely_missing_module\n    return question\n",
                "entry: qa:answer\n",
                "");

        // when
        CliResult result = CliRun.in(dir).run("run", "-u", "uc");

        // then
        assertThat(result).exitedWith(1);
        String errors = Files.readString(runDir().resolve("errors.jsonl"));
        assertThat(errors)
                .contains("ModuleNotFoundError: No module named 'llmops_surely_missing_module'")
                .contains("install it: ")
                .contains(" -m pip install llmops_surely_missing_module (or, if it is a module of your own, put"
                        + " llmops_surely_missing_module.py beside the flow)");
    }

    @Test
    void should_validate_flex_code_on_the_use_cases_venv_interpreter() throws Exception {
        // given: a .venv whose python records that it was used, then runs the real python3
        writeUseCase(TYPED_DICT, "entry: qa:answer\n", "");
        Path marker = dir.resolve("venv-used");
        Path python = Files.createDirectories(dir.resolve("uc/.venv/bin")).resolve("python");
        Files.writeString(python, "#!/bin/sh\necho used >> '" + marker + "'\nexec python3 \"$@\"\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));

        // when
        CliResult result = CliRun.in(dir).run("validate", "-u", "uc");

        // then
        assertThat(result).succeeded();
        assertThat(marker).isRegularFile();
    }

    @Test
    void should_run_the_lines_on_the_workers_that_validated_the_flow() throws Exception {
        // given: every worker process appends its pid when it imports the entry module
        Path pids = dir.resolve("pids");
        writeUseCase(
                "import os\n\nwith open(" + pyString(pids) + ", 'a') as f:\n    f.write('%d\\n' % os.getpid())\n\n\n"
                        + "def answer(question: str):\n    return {'pid': os.getpid()}\n",
                "entry: qa:answer\n",
                "");
        Files.writeString(dir.resolve("uc/data/data.jsonl"), "{\"question\": \"why\"}\n".repeat(200));

        // when
        CliResult result = CliRun.in(dir).run("run", "-u", "uc", "--max-concurrency", "8");

        // then: the worker that validated the flow (the first import) answers lines, and no worker beyond the pool's
        // imported the module (a preflight with its own worker would make one more)
        assertThat(result).succeeded();
        java.util.List<String> imported = Files.readAllLines(pids);
        assertThat(imported)
                .hasSizeLessThanOrEqualTo(Math.min(4, Runtime.getRuntime().availableProcessors()));
        assertThat(Files.readString(runDir().resolve("outputs.jsonl")))
                .contains("\"pid\":" + imported.getFirst() + "}");
    }

    private static String pyString(Path p) {
        return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private void writeUseCase(String code, String flexYaml, String evaluators) throws IOException {
        Path uc = dir.resolve("uc");
        Files.createDirectories(uc.resolve("flows/qa"));
        Files.createDirectories(uc.resolve("data"));
        Files.writeString(uc.resolve("experiment.yaml"), """
                name: flexvalidate
                flow: flows/qa
                datasets:
                - name: d
                  source: data/data.jsonl
                  mappings:
                    question: ${data.question}
                """ + evaluators);
        Files.writeString(uc.resolve("data/data.jsonl"), "{\"question\": \"why\"}\n");
        Files.writeString(uc.resolve("flows/qa/flow.flex.yaml"), flexYaml);
        Files.writeString(uc.resolve("flows/qa/qa.py"), code);
    }

    private void writeJudge() throws IOException {
        Path judge = Files.createDirectories(dir.resolve("uc/flows/judge"));
        Files.writeString(judge.resolve("flow.flex.yaml"), "entry: judge:judge\n");
        Files.writeString(
                judge.resolve("judge.py"),
                "def judge(prediction: str, context: str = ''):\n    return {'ok': bool(prediction)}\n");
    }

    private Path runDir() throws IOException {
        try (Stream<Path> runs = Files.list(dir.resolve("uc/.llmops/runs"))) {
            return runs.findFirst().orElseThrow();
        }
    }
}
