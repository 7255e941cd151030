package dev.llmops.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local rehearsal: a repository made with {@code llmops init} and {@code llmops ci init} runs each platform's
 * pull-request pipeline here, shell step after shell step, on the offline environment, with stand-ins only for
 * the platforms' own actions and tasks. The stages that need a cloud (data, image, deploy, scheduled) are checked
 * by schema and structure only, in {@link PipelineDefinitionsTest}.
 */
@Timeout(600)
class CiRehearsalTest {

    static final String PASSING_GATE = "--fail-under match.partial_match_rate=0.8";
    static final String FAILING_GATE = "--fail-under match.exact_match_rate=0.9";

    @TempDir
    static Path dir;

    static NewRepository repository;

    @BeforeAll
    static void newRepository() throws Exception {
        repository = NewRepository.create(dir);
    }

    private static RehearsedJob job(String name) throws Exception {
        Path workspace = repository.copy(dir.resolve(name + "-workspace"));
        return new RehearsedJob(workspace, Files.createDirectories(dir.resolve(name + "-scratch")));
    }

    @Test
    void should_pass_all_validators_for_a_new_repository() {
        // given: the files llmops init and llmops ci init wrote for the three platforms
        assertThat(repository.root.resolve(".github/workflows/demo.yml")).exists();
        assertThat(repository.root.resolve("azure-pipelines/demo.yml")).exists();
        assertThat(repository.root.resolve(".jenkins/demo.Jenkinsfile")).exists();

        // then
        assertThat(PipelineChecks.githubSchema(repository.root)).isEmpty();
        assertThat(PipelineChecks.shellcheck(repository.root)).isEmpty();
        assertThat(PipelineChecks.azureStructure(repository.root)).isEmpty();
        assertThat(PipelineChecks.azureErrexit(repository.root)).isEmpty();
        assertThat(PipelineChecks.jenkinsStructure(repository.root)).isEmpty();
    }

    @Test
    void should_pass_github_pull_request_with_soft_gate_warning_report_summary_and_comment() throws Exception {
        // given
        RehearsedJob job = job("github-pass");
        GithubRehearsal github = new GithubRehearsal(job.workspace, job, repository.releaseVars(), false);

        // when
        github.run(
                ".github/workflows/demo.yml",
                "pr",
                Map.of("env", "offline", "gates", PASSING_GATE, "soft-gates", FAILING_GATE));

        // then
        assertThat(job.status()).as(job.log.toString()).isEqualTo(RehearsedJob.Status.SUCCEEDED);
        assertThat(job.warnings).anySatisfy(w -> assertThat(w).contains("match.exact_match_rate=0.9 not met"));
        assertThat(job.artifacts).containsOnlyKeys("llmops-reports-demo-offline-1");
        assertThat(job.artifacts.get("llmops-reports-demo-offline-1").resolve("demo_result.html"))
                .exists();
        assertThat(job.testResults).hasSize(1);
        assertThat(Files.readString(github.stepSummary())).contains("match");
        assertThat(github.comments.get("7"))
                .startsWith("<!-- llmops use-cases/demo offline -->")
                .contains("llmops-reports-demo-offline-1");
    }

    @Test
    void should_fail_github_job_on_a_failed_gate_and_still_publish_report_and_results() throws Exception {
        // given
        RehearsedJob job = job("github-fail");
        GithubRehearsal github = new GithubRehearsal(job.workspace, job, repository.releaseVars(), true);

        // when
        github.run(".github/workflows/demo.yml", "pr", Map.of("env", "offline", "gates", FAILING_GATE));

        // then
        assertThat(job.status()).as(job.log.toString()).isEqualTo(RehearsedJob.Status.FAILED);
        assertThat(job.steps)
                .anySatisfy(s -> assertThat(s).isEqualTo(new RehearsedJob.StepRun("Experiment with gates", true, 1)));
        assertThat(job.artifacts.get("llmops-reports-demo-offline-1").resolve("junit.xml"))
                .content()
                .contains("<failure");
        // A fork's token is read-only: no check run, no comment, but the summary.
        assertThat(job.testResults).isEmpty();
        assertThat(github.comments).isEmpty();
        assertThat(Files.readString(github.stepSummary())).contains("exact_match_rate");
    }

    @Test
    void should_pass_azure_pull_request_as_succeeded_with_issues_on_a_soft_gate() throws Exception {
        // given
        RehearsedJob job = job("azure-pass");
        AzureRehearsal azure = new AzureRehearsal(job.workspace, job, repository.releaseVars());

        // when
        azure.run(
                "azure-pipelines/demo.yml", Map.of("env", "offline", "gates", PASSING_GATE, "softGates", FAILING_GATE));

        // then
        assertThat(job.status()).as(job.log.toString()).isEqualTo(RehearsedJob.Status.SUCCEEDED_WITH_ISSUES);
        assertThat(job.warnings).anySatisfy(w -> assertThat(w).contains("soft gate"));
        assertThat(job.summaries)
                .singleElement()
                .satisfies(s -> assertThat(s).content().contains("match"));
        assertThat(job.artifacts).containsOnlyKeys("llmops-reports-demo-offline-1");
        assertThat(job.testResults).hasSize(1);
    }

    @Test
    void should_fail_azure_job_on_a_failed_gate_with_an_error_annotation_and_the_report() throws Exception {
        // given
        RehearsedJob job = job("azure-fail");
        AzureRehearsal azure = new AzureRehearsal(job.workspace, job, repository.releaseVars());

        // when
        azure.run("azure-pipelines/demo.yml", Map.of("env", "offline", "gates", FAILING_GATE));

        // then
        assertThat(job.status()).as(job.log.toString()).isEqualTo(RehearsedJob.Status.FAILED);
        assertThat(job.errors).anySatisfy(e -> assertThat(e).contains("exact_match_rate"));
        assertThat(job.artifacts.get("llmops-reports-demo-offline-1").resolve("demo_result.html"))
                .exists();
        assertThat(job.testResults).hasSize(1);
    }

    @Test
    void should_pass_jenkins_offline_pull_request_without_credentials_and_mark_a_soft_gate_unstable() throws Exception {
        // given
        RehearsedJob job = job("jenkins-pass");
        JenkinsRehearsal jenkins = new JenkinsRehearsal(job.workspace, job, repository.releaseVars());

        // when
        jenkins.run(
                ".jenkins/demo.Jenkinsfile",
                Map.of("LLMOPS_PR_ENV", "offline"),
                Map.of("gates", PASSING_GATE, "softGates", FAILING_GATE));

        // then
        assertThat(job.status()).as(job.log.toString()).isEqualTo(RehearsedJob.Status.SUCCEEDED_WITH_ISSUES);
        assertThat(job.errors).isEmpty();
        assertThat(jenkins.html).containsKey("llmops demo");
        assertThat(job.testResults).hasSize(1);
        assertThat(job.artifacts).containsKey("archive/reports");
    }

    @Test
    void should_fail_jenkins_build_on_a_failed_gate_and_on_missing_credentials_outside_offline() throws Exception {
        // given
        RehearsedJob gate = job("jenkins-fail");
        RehearsedJob credentials = job("jenkins-credentials");

        // when
        new JenkinsRehearsal(gate.workspace, gate, repository.releaseVars())
                .run(".jenkins/demo.Jenkinsfile", Map.of("LLMOPS_PR_ENV", "offline"), Map.of("gates", FAILING_GATE));
        new JenkinsRehearsal(credentials.workspace, credentials, repository.releaseVars())
                .run(".jenkins/demo.Jenkinsfile", Map.of("LLMOPS_PR_ENV", "pr"), Map.of());

        // then
        assertThat(gate.status()).as(gate.log.toString()).isEqualTo(RehearsedJob.Status.FAILED);
        assertThat(gate.testResults)
                .singleElement()
                .satisfies(j -> assertThat(j).content().contains("<failure"));
        assertThat(credentials.status()).isEqualTo(RehearsedJob.Status.FAILED);
        assertThat(credentials.errors).anySatisfy(e -> assertThat(e).contains("aoai-api-base"));
    }

    @Test
    void should_refuse_a_release_whose_checksum_does_not_match() throws Exception {
        // given
        RehearsedJob job = job("github-checksum");
        Path release = Files.createDirectories(dir.resolve("bad-release"));
        Files.copy(Path.of(java.net.URI.create(repository.releaseUrl + "/llmops.jar")), release.resolve("llmops.jar"));
        String badUrl = release.toUri().toString().replaceAll("/$", "");
        NewRepository.corruptChecksum(badUrl);
        GithubRehearsal github = new GithubRehearsal(job.workspace, job, Map.of("LLMOPS_RELEASE_URL", badUrl), false);

        // when
        github.run(".github/workflows/demo.yml", "pr", Map.of("env", "offline"));

        // then
        assertThat(job.status()).isEqualTo(RehearsedJob.Status.FAILED);
        assertThat(job.errors).anySatisfy(e -> assertThat(e).contains("the release says 0000"));
        assertThat(job.steps)
                .noneSatisfy(s -> assertThat(s.name()).isEqualTo("Validate").matches(x -> s.ran()));
    }

    @Test
    void should_install_what_the_release_workflow_publishes_in_a_pull_request_of_a_new_repository() throws Exception {
        // given: this repository's release job, run for a tag on the jar this build made
        Path jar = Path.of(java.net.URI.create(repository.releaseUrl + "/llmops.jar"));
        Path workspace = Files.createDirectories(dir.resolve("release-workspace/.github/workflows"));
        Files.copy(
                PipelineChecks.LLMOPS_REPOSITORY.resolve(ReleaseRehearsal.WORKFLOW), workspace.resolve("release.yml"));
        RehearsedJob release = new RehearsedJob(
                dir.resolve("release-workspace"), Files.createDirectories(dir.resolve("release-scratch")));

        // when
        String url = new ReleaseRehearsal(release).run("v9.9.9", jar);

        // then: the assets are the jar and its sha256, in the form the setup steps check
        assertThat(release.status()).as(release.log.toString()).isEqualTo(RehearsedJob.Status.SUCCEEDED);
        Path published = Path.of(java.net.URI.create(url));
        assertThat(url).endsWith("/releases/v9.9.9");
        assertThat(published.resolve("llmops.jar")).hasSameBinaryContentAs(jar);
        String sha = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        assertThat(published.resolve("llmops.jar.sha256")).content().isEqualTo(sha + "  llmops.jar\n");

        // when: a pull request of a new repository installs llmops from that release
        RehearsedJob pr = job("github-released");
        new GithubRehearsal(pr.workspace, pr, Map.of("LLMOPS_RELEASE_URL", url), false)
                .run(".github/workflows/demo.yml", "pr", Map.of("env", "offline", "gates", PASSING_GATE));

        // then
        assertThat(pr.status()).as(pr.log.toString()).isEqualTo(RehearsedJob.Status.SUCCEEDED);
        assertThat(pr.steps).anySatisfy(s -> assertThat(s).isEqualTo(new RehearsedJob.StepRun("Validate", true, 0)));
    }

    @Test
    void should_evaluate_a_serve_log_in_the_scheduled_github_job_on_the_offline_environment() throws Exception {
        // given: a request log as llmops serve --log-requests writes it, the callers labelling their requests
        RehearsedJob job = job("github-scheduled");
        Path log = Files.createDirectories(job.workspace.resolve("logs")).resolve("requests.jsonl");
        Files.writeString(log, """
                {"schema":"llmops.serve.request/1","id":"r1","time":"2026-12-02T17:40:00Z","status":200,\
                "inputs":{"text":"Ada Fernsby met Tomas Orel.","entity_type":"person","results":["Ada Fernsby","Tomas Orel"]},\
                "outputs":{"entities":["Ada Fernsby","Tomas Orel"]}}
                {"schema":"llmops.serve.request/1","id":"r2","time":"2026-12-02T17:41:00Z","status":200,\
                "inputs":{"text":"The weather stayed mild.","entity_type":"person","results":[]},\
                "outputs":{"entities":["Mild"]}}
                {"schema":"llmops.serve.request/1","id":"r3","time":"2026-12-02T17:42:00Z","status":400,\
                "inputs":{},"outputs":{},"error":"Required input fields ['text'] are missing"}
                """);
        Map<String, String> vars = new java.util.HashMap<>(repository.releaseVars());
        vars.put("LLMOPS_SERVE_LOGS", "logs/requests.jsonl");
        GithubRehearsal github = new GithubRehearsal(job.workspace, job, vars, false).on("schedule");

        // when: the post-production evaluation (data prep needs the workspace: checked by schema only)
        github.run(
                ".github/workflows/demo.yml",
                "scheduled",
                Map.of("env", "offline"),
                java.util.Set.of("post-prod-eval"));

        // then: the answered requests became a run that the evaluators scored, published as the report artifact
        assertThat(job.status()).as(job.log.toString()).isEqualTo(RehearsedJob.Status.SUCCEEDED);
        assertThat(job.log.toString()).contains("evaluating 2");
        assertThat(job.artifacts).containsKey("llmops-postprod-demo-offline-1");
        Path reports = job.artifacts.get("llmops-postprod-demo-offline-1");
        assertThat(reports.resolve("metrics.json")).content().contains("exact_match_rate");
        assertThat(reports.resolve("demo_result.html")).exists();
    }
}
