package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.ci.NewRepository;
import dev.llmops.ci.PipelineChecks;
import dev.llmops.deploy.DeployTarget;
import dev.llmops.error.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every {@code llmops} command line in every pipeline file (GitHub workflows and composite actions, Azure DevOps
 * templates, the Jenkins library and Jenkinsfiles), of this repository and of a new one made by {@code llmops init}
 * plus {@code llmops ci init}, parsed against the real picocli model: an option or subcommand that llmops does not
 * have fails here with its file and line, not on a user's runner. {@code --target} values go through {@link
 * DeployTarget#parse}.
 */
class PipelineCommandLinesTest {

    /**
     * Commands the pipelines call that are not on main yet, with the flags their engineers agreed. Used only while the
     * command is missing from the model; once it lands these lines are parsed like any other (then delete the entry).
     * None at present: {@code llmops data register|prep} landed and are parsed like the rest.
     */
    static final Map<List<String>, Set<String>> PENDING_COMMANDS = Map.of();

    /**
     * {@code --target} values that {@code llmops deploy} routes itself before {@link DeployTarget#parse} sees them
     * (web apps by {@link WebAppCli#isWebApp}); DeployTarget does not list them yet. Each is checked against that
     * routing; an entry DeployTarget learns is checked by it instead.
     */
    static final Map<String, Predicate<String>> TARGETS_ROUTED_BY_DEPLOY_COMMAND =
            Map.of("webapp", WebAppCli::isWebApp);

    /** What each platform's pipelines must call, so that a check which found nothing cannot pass. */
    static final Set<String> EXPECTED_COMMANDS = Set.of(
            "--version",
            "validate",
            "experiment",
            "report",
            "data register",
            "data prep",
            "build",
            "deploy",
            "deploy test",
            "deploy promote",
            "deploy rollback",
            "eval");

    @TempDir
    static Path dir;

    static NewRepository newRepository;

    @BeforeAll
    static void newRepository() throws Exception {
        newRepository = NewRepository.create(dir);
    }

    @Test
    void should_parse_every_llmops_command_line_of_this_repository_pipelines() {
        // given
        Path root = PipelineChecks.LLMOPS_REPOSITORY;

        // when
        Checked checked = check(root);

        // then
        assertThat(checked.problems()).isEmpty();
        for (String platform : List.of(".github", "azure-pipelines", ".jenkins")) {
            assertThat(checked.commands(root, platform)).as(platform).containsAll(EXPECTED_COMMANDS);
        }
        assertThat(checked.parsed())
                .anySatisfy(p -> assertThat(p.path()).containsExactly("eval"))
                .filteredOn(p -> p.path().equals(List.of("eval")))
                .allSatisfy(p -> assertThat(p.options()).containsKey("--from-logs"));
    }

    @Test
    void should_parse_every_llmops_command_line_of_a_new_repository_made_by_init_and_ci_init() {
        // given: llmops init + llmops ci init for the three platforms
        Path root = newRepository.root;

        // when
        Checked checked = check(root);

        // then
        assertThat(checked.problems()).isEmpty();
        for (String platform : List.of(".github", "azure-pipelines", ".jenkins")) {
            assertThat(checked.commands(root, platform)).as(platform).containsAll(EXPECTED_COMMANDS);
        }
    }

    @Test
    void should_accept_every_deploy_target_the_pipelines_name() {
        for (Path root : List.of(PipelineChecks.LLMOPS_REPOSITORY, newRepository.root)) {
            // given
            List<DeployTargetValues.Value> values = DeployTargetValues.of(root);

            // then: each platform names at least its default, and every value is one llmops deploy takes
            for (String platform : List.of(".github", "azure-pipelines", ".jenkins")) {
                assertThat(values).as(root + " " + platform).anySatisfy(v -> assertThat(
                                root.relativize(v.file()).startsWith(platform))
                        .isTrue());
            }
            assertThat(values.stream().map(DeployTargetValues.Value::value))
                    .contains("azure_managed", "kubernetes", "webapp");
            assertThat(values.stream().flatMap(v -> targetProblem(v.toString(), v.value()).stream()))
                    .isEmpty();
        }
    }

    @Test
    void should_name_file_and_line_of_an_unknown_option_subcommand_or_target(@TempDir Path repo) throws Exception {
        // given
        Path workflow = repo.resolve(".github/workflows/w.yml");
        Files.createDirectories(workflow.getParent());
        Files.writeString(workflow, """
                name: w
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    steps:
                      - run: llmops validate -u x --no-such-option
                      - run: |
                          mkdir -p reports
                          GITHUB_STEP_SUMMARY=s.md llmops experimnt -u x -e pr
                      - run: llmops deploy -u x -e dev --target azure_managd
                      - run: llmops ci init -u x
                """);

        // when
        List<String> problems = check(repo).problems();

        // then
        String file = workflow.toString();
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).startsWith(file + ":7: ").contains("'--no-such-option'"))
                .anySatisfy(p -> assertThat(p).startsWith(file + ":10: ").contains("'experimnt'"))
                .anySatisfy(p -> assertThat(p).startsWith(file + ":11: ").contains("unknown deployment target"))
                .anySatisfy(p -> assertThat(p).startsWith(file + ":12: ").contains("--platform"))
                .hasSize(4);
    }

    @Test
    void should_refuse_llmops_in_scripts_it_cannot_read(@TempDir Path repo) throws Exception {
        // given: a Jenkins sh step with a GString, one with a triple-quoted GString, and a PowerShell step
        Path library = repo.resolve(".jenkins/vars/x.groovy");
        Files.createDirectories(library.getParent());
        Files.writeString(
                library,
                String.join(
                        "\n",
                        "def call(Map config) {",
                        "  sh 'llmops validate -u x'",
                        "  sh \"llmops validate -u ${config.useCase}\"",
                        "  sh \"\"\"",
                        "    echo hi",
                        "    llmops deploy -u ${config.useCase}",
                        "  \"\"\"",
                        "}",
                        ""));
        Path pipeline = repo.resolve("azure-pipelines/p.yml");
        Files.createDirectories(pipeline.getParent());
        Files.writeString(pipeline, "steps:\n- pwsh: llmops validate -u x\n");

        // when
        List<String> problems = check(repo).problems();

        // then
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).startsWith(library + ":3: ").contains("double-quoted"))
                .anySatisfy(p -> assertThat(p).startsWith(library + ":4: ").contains("double-quoted"))
                .anySatisfy(p -> assertThat(p).startsWith(pipeline + ":2: ").contains("pwsh"))
                .hasSize(3);
    }

    @Test
    void should_check_the_flags_of_a_pending_command_against_the_agreed_ones(@TempDir Path repo) throws Exception {
        // given
        Path workflow = repo.resolve(".github/workflows/w.yml");
        Files.createDirectories(workflow.getParent());
        Files.writeString(workflow, """
                name: w
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    steps:
                      - run: llmops data register -u x -e dev --dry-run
                      - run: llmops data register -u x --force
                """);

        // when
        List<String> problems = check(repo).problems();

        // then: the first parses against the model, the second uses a flag llmops data register does not have
        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith(workflow + ":8: ")
                .contains("--force");
    }

    /** The outcome of parsing a repository's command lines: what parsed, and each problem as {@code file:line: ...}. */
    record Checked(List<PipelineCommandLines.Parsed> parsed, List<String> pending, List<String> problems) {
        Set<String> commands(Path root, String platform) {
            Set<String> found = new TreeSet<>();
            for (PipelineCommandLines.Parsed p : parsed) {
                if (!root.relativize(p.invocation().file()).startsWith(platform)) continue;
                found.add(p.path().isEmpty() ? String.join(" ", p.options().keySet()) : String.join(" ", p.path()));
            }
            for (String p : pending) if (p.startsWith(root.resolve(platform).toString())) found.add(p.split("\t")[1]);
            return found;
        }
    }

    static Checked check(Path root) {
        List<PipelineCommandLines.Parsed> parsed = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        List<String> problems = new ArrayList<>(PipelineCommandLines.unreadable(root));
        CommandLine model = PipelineCommandLines.model(root);
        for (PipelineCommandLines.Invocation invocation : PipelineCommandLines.invocations(root)) {
            for (List<String> args : PipelineCommandLines.expansions(invocation)) {
                String line = invocation.where() + ": llmops " + String.join(" ", args);
                try {
                    PipelineCommandLines.Parsed p = PipelineCommandLines.parse(model, invocation, args);
                    parsed.add(p);
                    String target = p.options().get("--target");
                    if (target != null && !target.startsWith("$")) problems.addAll(targetProblem(line, target));
                } catch (CommandLine.ParameterException e) {
                    pendingCommand(model, args)
                            .ifPresentOrElse(
                                    agreed -> {
                                        pending.add(invocation.file() + "\t" + String.join(" ", agreed.getKey()));
                                        args.stream()
                                                .filter(a -> a.startsWith("-")
                                                        && !agreed.getValue().contains(a))
                                                .forEach(a -> problems.add(line + ": " + a
                                                        + " is not among the flags agreed for the pending llmops "
                                                        + String.join(" ", agreed.getKey()) + " "
                                                        + new TreeSet<>(agreed.getValue())));
                                    },
                                    () -> problems.add(line + ": " + e.getMessage()));
                }
            }
        }
        return new Checked(parsed, pending, problems);
    }

    /** The pending command a command line calls, when the model does not have that command yet. */
    private static Optional<Map.Entry<List<String>, Set<String>>> pendingCommand(CommandLine model, List<String> args) {
        return PENDING_COMMANDS.entrySet().stream()
                .filter(e -> args.size() >= e.getKey().size()
                        && args.subList(0, e.getKey().size()).equals(e.getKey()))
                .filter(e -> !model.getSubcommands().containsKey(e.getKey().getFirst()))
                .findFirst();
    }

    private static List<String> targetProblem(String where, String target) {
        try {
            DeployTarget.parse(target);
            return List.of();
        } catch (ConfigException e) {
            Predicate<String> routed = TARGETS_ROUTED_BY_DEPLOY_COMMAND.get(target);
            if (routed != null && routed.test(target)) return List.of();
            return List.of(where + ": " + e.getMessage());
        }
    }
}
