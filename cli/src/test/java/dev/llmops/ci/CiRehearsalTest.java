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
 * the platforms' own actions. The stages that need a cloud (data, image, deploy, scheduled) are checked by schema
 * only, in {@link PipelineDefinitionsTest}.
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
    void should_pass_github_pull_request_with_soft_gate_warning_report_summary_and_comment() throws Exception {
        // given
        RehearsedJob job = job("github-pass");
        GithubRehearsal github = new GithubRehearsal(job.workspace, job, repository.releaseVars(), false);

        // when
        github.run(".github/workflows/demo.yml", "pr", Map.of("env", "offline", "gates", PASSING_GATE, "soft-gates", FAILING_GATE));

        // then
        assertThat(job.status()).as(job.log.toString()).isEqualTo(RehearsedJob.Status.SUCCEEDED);
        assertThat(job.warnings).as(job.log.toString()).anySatisfy(w -> assertThat(w).contains("match.exact_match_rate=0.9 not met"));
        assertThat(job.artifacts).containsOnlyKeys("llmops-reports-demo-offline-1");
        assertThat(job.artifacts.get("llmops-reports-demo-offline-1").resolve("demo_result.html")).exists();
        assertThat(job.testResults).hasSize(1);
        assertThat(Files.readString(github.stepSummary())).contains("match");
        assertThat(github.comments.get("7")).startsWith("<!-- llmops use-cases/demo offline -->").contains("llmops-reports-demo-offline-1");
    }
}
