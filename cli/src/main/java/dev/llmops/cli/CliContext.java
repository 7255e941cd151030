package dev.llmops.cli;

import dev.llmops.SystemEnv;
import dev.llmops.run.progress.ProgressStyle;
import dev.llmops.secret.SecretMasker;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * What every command needs from its surroundings: the environment, and output streams that mask every secret
 * resolved so far. Built once in {@link Main#run} and passed down; there are no statics.
 */
public final class CliContext {

    private final SystemEnv env;
    private final SecretMasker masker = new SecretMasker();
    private final PrintWriter out;
    private final PrintWriter err;
    private final Supplier<Terminal> terminal;

    CliContext(SystemEnv env, PrintStream out, PrintStream err) {
        this(env, out, err, () -> Terminal.NONE);
    }

    /** @param terminal what {@code out} is, asked only when a command shows progress */
    CliContext(SystemEnv env, PrintStream out, PrintStream err, Supplier<Terminal> terminal) {
        this.env = env;
        this.out = new PrintWriter(new MaskingWriter(Main.writer(out), masker), true);
        this.err = new PrintWriter(new MaskingWriter(Main.writer(err), masker), true);
        this.terminal = terminal;
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

    /**
     * How progress shows: {@code --quiet} and {@code --no-progress} first; then one line redrawn in place on an
     * interactive terminal (not CI), plain lines elsewhere.
     */
    public ProgressStyle progress(boolean noProgress, boolean quiet) {
        if (quiet) {
            return ProgressStyle.of(ProgressStyle.Mode.QUIET);
        }
        if (noProgress) {
            return ProgressStyle.of(ProgressStyle.Mode.OFF);
        }
        Terminal t = terminal.get();
        return t.interactive() ? ProgressStyle.live(t::columns) : ProgressStyle.PLAIN;
    }
}
