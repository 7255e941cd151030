package dev.llmops.cli;

import dev.llmops.azure.ArmAuthException;
import dev.llmops.azure.ArmException;
import dev.llmops.azure.ArmOperationFailedException;
import dev.llmops.azure.ArmRequestException;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.error.RunFailedException;
import dev.llmops.error.StateException;
import dev.llmops.pipeline.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CancellationException;
import picocli.CommandLine;

/** The one place that turns outcomes into exit codes and error lines. */
public final class ExitCodes {

    public static final int OK = 0;
    /** A run or evaluation failed: failed lines, an unmet gate. */
    public static final int FAILED = 1;
    /** Usage or configuration error: fix the command line or the files. */
    public static final int USAGE = 2;
    /** Stored state is not as needed (nothing to resume, a lock held). */
    public static final int STATE = 3;
    /** A bug in llmops. */
    public static final int INTERNAL = 4;
    /** Interrupted by the user (Ctrl-C); finished work is kept. */
    public static final int CANCELED = 130;

    static final String SUMMARY =
            "0 ok, 1 run or gate failed, 2 usage or configuration error, 3 unexpected state, 4 internal error.";

    private ExitCodes() {}

    /** A pipeline's verdict: 0 passed, 1 failed (naming every reason), 130 canceled. */
    static int of(Verdict verdict, CliContext context) {
        PrintWriter err = context.err();
        int code =
                switch (verdict) {
                    case Verdict.Passed passed -> OK;
                    case Verdict.Failed failed -> {
                        err.println("llmops: " + String.join(System.lineSeparator(), failed.reasons()));
                        yield FAILED;
                    }
                    case Verdict.Canceled canceled -> {
                        err.println("llmops: canceled; finished work is kept: " + canceled.hint() + ".");
                        yield CANCELED;
                    }
                };
        err.flush();
        return code;
    }

    static int report(Exception e, CliContext context, boolean verbose) {
        PrintWriter err = context.err();
        int code = codeOf(e);
        switch (e) {
            case ConfigException ce -> {
                for (Problem p : ce.problems()) {
                    err.println(p.relativeTo(context.env().workingDir()).format());
                }
                String summary = ce.summary().map(line -> "llmops: " + line).orElseGet(() -> count(ce));
                if (!summary.isEmpty()) {
                    err.println(summary);
                }
            }
            case RunFailedException rf -> err.println("llmops: " + rf.getMessage());
            case StateException se -> err.println("llmops: " + se.getMessage());
            case ArmException ae -> err.println("llmops: Azure: " + ae.getMessage());
            case CancellationException ce -> err.println("llmops: canceled; finished work is kept.");
            default ->
                err.println("llmops: internal error: " + e
                        + (verbose ? "" : " (run again with --verbose for the stack trace, and please report it)"));
        }
        if (verbose) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        }
        err.flush();
        return code;
    }

    /** "3 errors, 1 warning." when there is more than one problem; a lone problem or only warnings need no count. */
    static String count(ConfigException e) {
        long errors = e.problems().stream().filter(Problem::isError).count();
        long warnings = e.problems().size() - errors;
        if (errors == 0 || errors + warnings < 2) {
            return "";
        }
        return plural(errors, "error") + (warnings == 0 ? "" : ", " + plural(warnings, "warning")) + ".";
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static int codeOf(Throwable e) {
        return switch (e) {
            case ConfigException ce -> USAGE;
            case RunFailedException rf -> FAILED;
            case StateException se -> STATE;
            case ArmAuthException ae -> USAGE;
            case ArmRequestException ae -> USAGE;
            case ArmOperationFailedException ae -> FAILED;
            case ArmException ae -> STATE;
            case CancellationException ce -> CANCELED;
            default -> INTERNAL;
        };
    }

    static int reportUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("llmops: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        // Always point at --help: a similarity guess ("hlep" -> "report") is not always the command meant.
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return USAGE;
    }
}
