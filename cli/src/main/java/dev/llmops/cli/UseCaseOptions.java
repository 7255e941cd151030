package dev.llmops.cli;

import picocli.CommandLine.Option;

/** {@code --use-case}, {@code --env} and {@code --file}, shared by every command that reads an experiment. */
public final class UseCaseOptions {

    @Option(
            names = {"-u", "--use-case", "--base_path", "--base-path"},
            paramLabel = "DIR",
            defaultValue = ".",
            description = "Use-case folder holding experiment.yaml (default: current folder).")
    public String useCase;

    @Option(
            names = {"-e", "--env", "--env_name", "--env-name"},
            paramLabel = "ENV",
            description = "Environment overlay experiment.<ENV>.yaml (default: $ENV_NAME, else none).")
    public String env;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            defaultValue = "experiment.yaml",
            description = "Experiment file name inside the use-case folder (default: ${DEFAULT-VALUE}).")
    public String file;
}
