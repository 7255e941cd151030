package dev.llmops.cli;

import picocli.CommandLine.Command;

/** {@code llmops flow}: work with a single flow. */
@Command(
        name = "flow",
        header = "Test or serve one flow (flow.dag.yaml or .prompty).",
        description = "Work with one Prompt Flow flow (flow.dag.yaml or .prompty) without an experiment.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = FlowTestCommand.class)
public final class FlowCommand extends BaseCommand {

    private final FlowCommandServices services;

    public FlowCommand(FlowCommandServices services) {
        this.services = services;
    }

    FlowCommandServices services() {
        return services;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(context().out());
        return ExitCodes.USAGE;
    }
}
