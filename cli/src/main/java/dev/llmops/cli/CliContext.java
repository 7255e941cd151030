package dev.llmops.cli;

import dev.llmops.SystemEnv;
import dev.llmops.secret.SecretMasker;
import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * What every command needs from its surroundings: the environment, and output streams that mask every secret
 * resolved so far. Built once in {@link Main#run} and passed down; there are no statics.
 */
public final class CliContext {

    private final SystemEnv env;
    private final SecretMasker masker = new SecretMasker();
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean stdoutIsTerminal;

    CliContext(SystemEnv env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = new PrintWriter(new MaskingWriter(Main.writer(out), masker), true);
        this.err = new PrintWriter(new MaskingWriter(Main.writer(err), masker), true);
        this.stdoutIsTerminal = out == System.out
                && System.console() != null
                && !env.variables().containsKey("CI");
    }

    public SystemEnv env() {
        return env;
    }

    public SecretMasker masker() {
        return masker;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** True when progress may redraw a line in place (an interactive terminal, not CI). */
    public boolean interactive() {
        return stdoutIsTerminal;
    }
}
