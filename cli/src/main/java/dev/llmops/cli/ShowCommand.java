package dev.llmops.cli;

import dev.llmops.error.Problem;
import dev.llmops.experiment.ExperimentLoader;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.experiment.ExperimentView;
import dev.llmops.experiment.LoadedExperiment;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmops show}: prints the resolved experiment, secrets masked. */
@Command(
        name = "show",
        header = "Print the resolved experiment (overlay applied, secrets masked).",
        description = {
            "Print the experiment after applying the environment overlay and resolving placeholders.",
            "Secret values are shown as ***; a placeholder whose variable is not set is shown as written, with a"
                    + " warning. Referenced files need not exist (use 'validate' to check them)."
        })
public final class ShowCommand extends BaseCommand {

    @Mixin
    UseCaseOptions useCase;

    @Mixin
    ConnectionMixin connections;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "yaml",
            description = "Output format: yaml or json (default: ${DEFAULT-VALUE}).")
    ExperimentView.Format format;

    @Override
    public Integer call() {
        CliContext ctx = context();
        ExperimentRequest request = new ExperimentRequest(
                Path.of(useCase.useCase), useCase.env, useCase.file, false, connections.overrides(ctx));
        LoadedExperiment loaded = new ExperimentLoader().load(request, ctx.env(), ctx.masker());
        for (Problem warning : loaded.warnings()) {
            ctx.err().println(warning.format());
        }
        ctx.out().print(new ExperimentView().render(loaded.experiment(), format));
        ctx.out().flush();
        return ExitCodes.OK;
    }
}
