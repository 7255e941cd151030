package dev.llmops.cli;

import dev.llmops.SystemEnv;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.run.RunServiceRequest;
import dev.llmops.run.progress.ProgressStyle;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of {@code llmops run}, shared with {@code llmops experiment}. */
public final class RunMixin {

    @Mixin
    ExecutionMixin execution;

    @Mixin
    ConnectionMixin connections;

    @Option(
            names = {"--variants", "--variant"},
            paramLabel = "SELECTION",
            defaultValue = "all",
            description = "Variants to run: all (each variant once, others at defaults), defaults, grid (every"
                    + " combination), or node.variant,... (default: ${DEFAULT-VALUE}).")
    String variants;

    @Option(
            names = "--runs-dir",
            paramLabel = "DIR",
            description = "Run store folder (default: .llmops/runs under the use case).")
    String runsDir;

    @Option(
            names = {"--output-file", "--output_file"},
            paramLabel = "FILE",
            description = "Write the run names as a JSON list (input for 'llmops eval --runs').")
    String outputFile;

    @Option(
            names = "--record",
            paramLabel = "FILE",
            description = "Append every live model answer to this recordings file (for a ReplayConnection).")
    String recordFile;

    @Option(names = "--dry-run", description = "Print the planned runs and stop.")
    boolean dryRun;

    @Mixin
    InitMixin init;

    RunServiceRequest toRequest(UseCaseOptions useCase, CliContext ctx) {
        SystemEnv env = ctx.env();
        return new RunServiceRequest(
                new ExperimentRequest(
                        env.resolve(useCase.useCase), useCase.env, useCase.file, true, connections.overrides(ctx)),
                variants,
                execution.toOptions(path(env, runsDir)),
                path(env, outputFile),
                path(env, recordFile),
                dryRun,
                init.parameters(env));
    }

    String buildId() {
        return execution.buildId;
    }

    ProgressStyle progress(CliContext context) {
        return execution.progress(context);
    }

    private static Path path(SystemEnv env, String value) {
        return value == null ? null : env.resolve(value);
    }
}
