package dev.llmops.ci;

import static dev.llmops.ci.Yaml.list;
import static dev.llmops.ci.Yaml.map;
import static dev.llmops.ci.Yaml.str;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * This repository's CI definitions, checked with real tools (action-validator, shellcheck, the Groovy compiler)
 * and our Azure Pipelines structure check, plus the rules the issue set: least permissions, concurrency guards,
 * unique artifact names, current action and task versions. The stages that need a cloud (data register, image,
 * deploy, promote, post-production evaluation, data prep) are checked here only, not rehearsed.
 */
class PipelineDefinitionsTest {

    static final Path ROOT = PipelineChecks.LLMOPS_REPOSITORY;

    /** The oldest major version of each action we accept: the one that runs on a supported runtime. */
    static final Map<String, Integer> CURRENT_ACTIONS = Map.of(
            "actions/checkout", 5,
            "actions/setup-java", 5,
            "actions/cache", 5,
            "actions/upload-artifact", 6,
            "actions/github-script", 8,
            "azure/login", 2,
            "dorny/test-reporter", 2);

    @Test
    void should_match_the_published_schemas_for_github_workflows_and_actions() {
        assertThat(PipelineChecks.githubSchema(ROOT)).isEmpty();
    }

    @Test
    void should_pass_shellcheck_on_every_shell_step_of_the_three_platforms() {
        // given
        List<PipelineChecks.ShellStep> steps = PipelineChecks.shellSteps(ROOT);

        // then: every platform contributes, and all of them are clean
        assertThat(steps)
                .extracting(s -> ROOT.relativize(s.file()).getName(0).toString())
                .contains(".github", "azure-pipelines", ".jenkins");
        assertThat(PipelineChecks.shellcheck(ROOT)).isEmpty();
    }

    @Test
    void should_pass_the_azure_pipelines_structure_check_for_every_build_reason() {
        assertThat(PipelineChecks.azureStructure(ROOT)).isEmpty();
    }

    @Test
    void should_parse_the_jenkins_library_and_find_a_declarative_pipeline() {
        assertThat(PipelineChecks.jenkinsStructure(ROOT)).isEmpty();
    }

    @Test
    void should_stop_every_azure_script_at_its_first_failing_command(@TempDir Path dir) throws Exception {
        // given: this repository's templates, and a script that would go on after a failed deploy
        Path pipeline = dir.resolve("azure-pipelines/p.yml");
        Files.createDirectories(pipeline.getParent());
        Files.writeString(pipeline, """
                trigger: none
                steps:
                - bash: |
                    # deploy, then the smoke test
                    llmops deploy -u x -e dev
                    llmops deploy test -u x -e dev
                  displayName: Deploy
                - bash: llmops validate -u x
                  displayName: Validate
                """);

        // when / then
        assertThat(PipelineChecks.azureErrexit(ROOT)).isEmpty();
        assertThat(PipelineChecks.azureErrexit(dir))
                .singleElement()
                .asString()
                .contains("[Deploy]: 2 lines without set -euo pipefail first");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown step key      | - bash: echo hi\\n  displayNme: x                      | step has unknown key 'displayNme'
            two kinds in a step   | - bash: echo hi\\n  script: echo hi                    | exactly one of
            old task version      | - task: PublishTestResults@1\\n  inputs: {testResultsFiles: a} | not a known task
            missing task input    | - task: PublishPipelineArtifact@1\\n  inputs: {targetPath: a}  | lacks input artifact
            bad condition         | - bash: echo hi\\n  condition: 'and(succeeded(),'              | condition does not parse
            """)
    void should_reject_broken_azure_steps(String name, String step, String problem, @TempDir Path dir)
            throws Exception {
        // given
        Path pipeline = dir.resolve("azure-pipelines/p.yml");
        Files.createDirectories(pipeline.getParent());
        String steps = String.join(
                "\n",
                java.util.Arrays.stream(step.split("\\\\n"))
                        .map(l -> "    " + l)
                        .toList());
        Files.writeString(
                pipeline, "trigger: none\nstages:\n- stage: s\n  jobs:\n  - job: j\n    steps:\n" + steps + "\n");

        // when
        List<String> problems = PipelineChecks.azureStructure(dir);

        // then
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(problem));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no agent          | pipeline { stages { stage('a') { steps { sh 'true' } } } }                | pipeline has no agent
            stage no steps    | pipeline { agent any; stages { stage('a') { when { branch 'x' } } } }      | needs exactly one of steps
            raw groovy        | pipeline { agent any; stages { stage('a') { steps { def x = 1 } } } }      | steps may hold only step calls
            unknown post      | pipeline { agent any; stages { stage('a') { steps { sh 'true' } } }; post { sometimes { echo 'x' } } } | not a post condition
            does not compile  | pipeline { agent any; stages { stage('a') { steps { sh 'true' } }          | does not compile
            """)
    void should_reject_broken_jenkins_pipelines(String name, String body, String problem, @TempDir Path dir)
            throws Exception {
        // given
        Path library = dir.resolve(".jenkins/vars/llmopsPipeline.groovy");
        Files.createDirectories(library.getParent());
        Files.writeString(library, "def call(Map config) {\n  " + body.replace("; ", "\n") + "\n}\n");

        // when
        List<String> problems = PipelineChecks.jenkinsStructure(dir);

        // then
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(problem));
    }

    @Test
    void should_reject_a_workflow_the_schema_forbids_and_a_step_shellcheck_flags(@TempDir Path dir) throws Exception {
        // given
        Path workflow = dir.resolve(".github/workflows/w.yml");
        Files.createDirectories(workflow.getParent());
        Files.writeString(workflow, """
                name: w
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    stepz:
                      - run: echo
                  b:
                    runs-on: ubuntu-latest
                    steps:
                      - run: rm -rf $DIR/*
                """);

        // when / then
        assertThat(PipelineChecks.githubSchema(dir)).singleElement().asString().contains("stepz");
        assertThat(PipelineChecks.shellcheck(dir)).singleElement().asString().contains("SC2115");
    }

    @Test
    void should_grant_least_permissions_and_id_tokens_only_where_azure_is_signed_in() {
        for (Path file : PipelineChecks.files(ROOT, ".github/workflows", ".yml")) {
            Map<String, Object> workflow = Yaml.load(file);
            // given: no workflow-wide write permission
            assertThat(workflow).as(file.toString()).containsKey("permissions");
            assertThat(String.valueOf(workflow.get("permissions")))
                    .as(file.toString())
                    .doesNotContain("write");
            for (Map.Entry<String, Object> job : map(workflow.get("jobs")).entrySet()) {
                Map<String, Object> def = map(job.getValue());
                boolean signsIn = list(def.get("steps")).stream()
                        .anyMatch(s -> str(map(s).get("uses")).startsWith("azure/login"));
                boolean idToken = "write".equals(map(def.get("permissions")).get("id-token"));
                if (!def.containsKey("uses")) {
                    assertThat(idToken)
                            .as(file + " job " + job.getKey() + " id-token")
                            .isEqualTo(signsIn);
                }
            }
        }
    }

    @Test
    void should_guard_concurrency_and_name_artifacts_per_use_case_environment_and_attempt() {
        for (String shared : List.of("llmops-pr.yml", "llmops-main.yml", "llmops-scheduled.yml")) {
            Map<String, Object> workflow =
                    Yaml.load(ROOT.resolve(".github/workflows").resolve(shared));
            for (Map.Entry<String, Object> job : map(workflow.get("jobs")).entrySet()) {
                Map<String, Object> def = map(job.getValue());
                if (def.containsKey("environment") || shared.equals("llmops-pr.yml")) {
                    assertThat(str(map(def.get("concurrency")).get("group")))
                            .as(shared + " " + job.getKey())
                            .contains("inputs.name");
                }
                for (Object s : list(def.get("steps"))) {
                    if (str(map(s).get("uses")).startsWith("actions/upload-artifact")) {
                        assertThat(str(map(map(s).get("with")).get("name")))
                                .as(shared + " " + job.getKey())
                                .contains("${{ inputs.name }}")
                                .contains("${{ github.run_attempt }}");
                    }
                }
            }
        }
        for (Path file : PipelineChecks.files(ROOT, "azure-pipelines", ".yml")) {
            Matcher m = Pattern.compile("artifact: (.*)").matcher(read(file));
            while (m.find()) {
                assertThat(m.group(1))
                        .as(file.toString())
                        .contains("${{ parameters.name }}")
                        .contains("$(System.JobAttempt)");
            }
        }
    }

    @Test
    void should_use_current_action_and_task_versions() {
        Pattern uses = Pattern.compile("uses: ([\\w-]+/[\\w-]+)@v(\\d+)");
        int found = 0;
        for (Path file : PipelineChecks.files(ROOT, ".github", ".yml")) {
            Matcher m = uses.matcher(read(file));
            while (m.find()) {
                found++;
                assertThat(CURRENT_ACTIONS).as(file + ": " + m.group()).containsKey(m.group(1));
                assertThat(Integer.parseInt(m.group(2)))
                        .as(file + ": " + m.group())
                        .isGreaterThanOrEqualTo(CURRENT_ACTIONS.get(m.group(1)));
            }
        }
        assertThat(found).isGreaterThan(10);
    }

    @Test
    void should_keep_secrets_out_of_validate_free_steps_and_give_validate_the_secrets() {
        // The shipped pipelines failed because validate -e pr had no AOAI_* secrets.
        Map<String, Object> pr = Yaml.load(ROOT.resolve(".github/workflows/llmops-pr.yml"));
        Map<String, Object> validate = list(
                        map(map(pr.get("jobs")).get("experiment")).get("steps"))
                .stream()
                .map(Yaml::map)
                .filter(s -> "Validate".equals(s.get("name")))
                .findFirst()
                .orElseThrow();
        assertThat(map(validate.get("env"))).containsKeys("AOAI_API_BASE", "AOAI_API_KEY");
        String azure = read(ROOT.resolve("azure-pipelines/llmops-pr.yml"));
        assertThat(azure.substring(
                        azure.indexOf("displayName: Validate") - 400, azure.indexOf("displayName: Validate") + 200))
                .contains("AOAI_API_KEY: $(AOAI_API_KEY)");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
