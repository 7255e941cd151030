package dev.llmops.cli;

import dev.llmops.SystemEnv;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code llmops} command. Only {@link #main} exits the JVM; everything else returns an exit code. */
@Command(
        name = "llmops",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Experiment, evaluate, report and gate LLM flows (Prompt Flow compatible) from a laptop or CI.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"Run 'llmops COMMAND --help' for a command's options.", "Exit codes: " + ExitCodes.SUMMARY})
public final class Main implements Runnable {

    @Option(
            names = "--verbose",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces and debug detail on errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CliContext context;

    Main(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'llmops --help'.");
    }

    public static void main(String[] args) {
        if (Version.requested(args)) {
            // Answered before picocli builds the model of every command (thousands of classes): start-up is
            // most of what `llmops --version` costs (bench/README.md).
            PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
            out.println(Version.line());
            out.flush();
            return;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        SystemEnv env = SystemEnv.current();
        // The streams above wrap System.out, so whether it is a terminal is asked of the process, not the stream.
        System.exit(run(out, err, env, memoize(() -> Terminal.ofStdout(env)), args));
    }

    /** Runs the command line and returns its exit code. {@code out} is not a terminal. */
    public static int run(PrintStream out, PrintStream err, SystemEnv env, String... args) {
        return run(out, err, env, () -> Terminal.NONE, args);
    }

    static int run(PrintStream out, PrintStream err, SystemEnv env, Supplier<Terminal> terminal, String... args) {
        CliContext context = new CliContext(env, out, err, terminal);
        CommandLine cmd = commandLine(context);
        try {
            return cmd.execute(args);
        } finally {
            context.out().flush();
            context.err().flush();
        }
    }

    /**
     * The command model every run parses against; also what the pipeline tests parse the pipelines' command lines
     * with, so a pipeline cannot call an option or subcommand that this model lacks.
     */
    static CommandLine commandLine(CliContext context) {
        Main root = new Main(context);
        CommandLine cmd = new CommandLine(root);
        Commands.register(cmd);
        cmd.setOut(context.out());
        cmd.setErr(context.err());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> ExitCodes.report(e, context, root.verbose));
        cmd.setParameterExceptionHandler(ExitCodes::reportUsage);
        return cmd;
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(stream, true, StandardCharsets.UTF_8);
    }
}
