package dev.llmops.cli;

import picocli.CommandLine;

/** The list of top-level commands, in the order {@code llmops --help} shows them. */
final class Commands {

    private Commands() {}

    static void register(CommandLine root) {
        // One line per command; keep the order of the lifecycle.
        root.addSubcommand(new InitCommand());
        root.addSubcommand(new ValidateCommand());
        root.addSubcommand(new ShowCommand());
        FlowCommandServices flowServices = FlowCommandServices.real();
        root.addSubcommand(new FlowCommand(flowServices));
        // 'llmops flow serve' is the same command, for Prompt Flow habits ('pf flow serve').
        root.getSubcommands().get("flow").addSubcommand(new ServeCommand(flowServices));
        root.addSubcommand(new DataCommand());
        root.addSubcommand(new RunCommand());
        root.addSubcommand(new RunsCommand());
        root.addSubcommand(new EvalCommand());
        root.addSubcommand(new ReportCommand());
        root.addSubcommand(new ExperimentCommand());
        root.addSubcommand(new ServeCommand(flowServices));
        root.addSubcommand(new BuildCommand());
        root.addSubcommand(new DeployCommand());
        root.addSubcommand(new CiCommand());
        root.addSubcommand("help", new CommandLine.HelpCommand());
        root.addSubcommand(new AotTrainingCommand()); // hidden: the launcher's start-up cache workload
    }
}
