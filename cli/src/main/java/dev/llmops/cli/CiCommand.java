package dev.llmops.cli;

import dev.llmops.ci.CiInitRequest;
import dev.llmops.ci.CiInitResult;
import dev.llmops.ci.CiInitializer;
import dev.llmops.ci.CiPlatform;
import dev.llmops.ci.CiSetting;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code llmops ci init}: a use case's pipeline files for GitHub Actions, Azure DevOps or Jenkins. */
@Command(
        name = "ci",
        header = "Write CI pipelines for a use case.",
        description = "Write CI pipelines for a use case (GitHub Actions, Azure DevOps, Jenkins).",
        subcommands = {CiCommand.Init.class})
public final class CiCommand extends BaseCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(context().out());
        return ExitCodes.USAGE;
    }

    @Command(
            name = "init",
            header = "Write a use case's pipeline file and the shared pipelines it calls.",
            description = {
                "Write the use case's pipeline file (pull request, main, scheduled) for one platform, and the shared"
                        + " definitions it calls where the repository has none yet; then print the secrets,"
                        + " variables and environments to set up.",
                "Never overwrites: an existing use-case pipeline stops it, existing shared files are kept."
            })
    static final class Init extends BaseCommand {

        @Option(
                names = {"-p", "--platform"},
                required = true,
                paramLabel = "PLATFORM",
                description = "github, azure or jenkins.")
        String platform;

        @Option(
                names = {"-u", "--use-case"},
                paramLabel = "DIR",
                defaultValue = ".",
                description = "Use-case folder holding experiment.yaml (default: current folder).")
        String useCase;

        @Option(
                names = "--repository",
                paramLabel = "DIR",
                description = "Repository root (default: the nearest folder above the use case holding .git).")
        String repository;

        @Override
        public Integer call() {
            CliContext context = context();
            CiInitRequest request = new CiInitRequest(
                    context.env().resolve(useCase),
                    CiPlatform.parse(platform),
                    Optional.ofNullable(repository).map(context.env()::resolve));
            CiInitResult result = new CiInitializer().initialize(request);

            PrintWriter out = context.out();
            out.printf(
                    "Wrote the %s pipelines of '%s' in %s:%n",
                    result.platform().id(), result.name(), result.repository());
            for (Path file : result.written()) {
                out.println("  " + slashes(file));
            }
            for (Path file : result.kept()) {
                out.println("  " + slashes(file) + " (exists, kept)");
            }
            out.println();
            out.println("Set up before the first run (pull requests on -e offline need none of them):");
            for (CiSetting setting : result.settings()) {
                out.printf("  %-20s %-22s %s%n", setting.kind(), setting.name(), setting.purpose());
            }
            out.println("docs/ci.md explains each stage and setting.");
            return ExitCodes.OK;
        }

        private static String slashes(Path path) {
            return path.toString().replace('\\', '/');
        }
    }
}
