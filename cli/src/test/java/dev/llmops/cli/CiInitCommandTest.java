package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code llmops ci init}, run the way a user runs it: in a new repository made with {@code llmops init}. */
class CiInitCommandTest {

    @TempDir
    Path repo;

    @BeforeEach
    void newRepository() throws Exception {
        Files.createDirectories(repo.resolve(".git"));
        assertThat(CliRun.in(repo).run("init", "use-cases/shop_faq")).succeeded();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            github  | .github/workflows/shop_faq.yml  | .github/actions/setup-llmops/action.yml    | AZURE_CLIENT_ID
            azure   | azure-pipelines/shop_faq.yml    | azure-pipelines/templates/setup-llmops.yml | llmops-azure
            jenkins | .jenkins/shop_faq.Jenkinsfile   | .jenkins/vars/llmopsPipeline.groovy        | aoai-api-key
            """)
    void should_write_the_use_case_pipeline_and_the_shared_files_and_print_the_settings(
            String platform, String useCaseFile, String sharedFile, String setting) throws Exception {
        // when
        CliResult result = CliRun.in(repo).run("ci", "init", "--platform", platform, "-u", "use-cases/shop_faq");

        // then
        assertThat(result).succeeded().outContains("  " + useCaseFile + "\n").outContains(setting);
        assertThat(repo.resolve(useCaseFile))
                .content()
                .contains("use-cases/shop_faq")
                .doesNotContainPattern("\\{\\{(use_case|image)");
        assertThat(repo.resolve(sharedFile)).exists();
    }

    @Test
    void should_keep_existing_shared_files_and_refuse_to_overwrite_a_use_case_pipeline() throws Exception {
        // given
        Path shared = repo.resolve(".github/workflows/llmops-pr.yml");
        Files.createDirectories(shared.getParent());
        Files.writeString(shared, "# our own changes\n");
        assertThat(CliRun.in(repo).run("ci", "init", "-p", "github", "-u", "use-cases/shop_faq"))
                .succeeded()
                .outContains(".github/workflows/llmops-pr.yml (exists, kept)");

        // when
        CliResult again = CliRun.in(repo).run("ci", "init", "-p", "github", "-u", "use-cases/shop_faq");

        // then
        assertThat(again).exitedWith(2).errContains("shop_faq.yml").errContains("already exists; nothing was written");
        assertThat(shared).hasContent("# our own changes");
    }

    @Test
    void should_name_artifacts_and_stages_after_the_experiment_name() throws Exception {
        // given: a folder name that is not a valid name, an experiment that has one
        assertThat(CliRun.in(repo).run("init", "use-cases/Web App", "--name", "web_app"))
                .succeeded();

        // when
        CliResult result = CliRun.in(repo).run("ci", "init", "-p", "azure", "-u", "use-cases/Web App");

        // then: the path cannot be used unquoted in a pipeline, so it is refused with the fix
        assertThat(result).exitedWith(2).errContains("has characters the pipelines cannot use unquoted");
        assertThat(repo.resolve("azure-pipelines")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown platform | ci init -p gitlab -u use-cases/shop_faq | unknown CI platform 'gitlab'
            not a use case   | ci init -p github -u use-cases          | has no experiment.yaml
            """)
    void should_exit_2_with_the_fix_for_a_wrong_request(String name, String args, String message) {
        // when
        CliResult result = CliRun.in(repo).run(args.split(" "));

        // then
        assertThat(result).exitedWith(2).errContains(message);
    }

    @Test
    void should_exit_2_outside_a_repository_unless_one_is_named(@TempDir Path elsewhere) {
        // given
        assertThat(CliRun.in(elsewhere).run("init", "uc")).succeeded();

        // when
        CliResult outside = CliRun.in(elsewhere).run("ci", "init", "-p", "jenkins", "-u", "uc");
        CliResult named = CliRun.in(elsewhere).run("ci", "init", "-p", "jenkins", "-u", "uc", "--repository", ".");

        // then
        assertThat(outside).exitedWith(2).errContains("is not inside a git repository");
        assertThat(named).succeeded().outContains(".jenkins/uc.Jenkinsfile");
    }
}
