package dev.llmops.cli;

import dev.llmops.SystemEnv;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Whether the process's standard output is an interactive terminal, and how wide that terminal is now. Only
 * {@link Main#main} asks: {@link Main#run} callers hand in streams of their own, which are never a terminal.
 */
final class Terminal {

    /** Output that is not a terminal (a file, a pipe, a test's buffer). */
    static final Terminal NONE = new Terminal(false, null);

    private static final int DEFAULT_COLUMNS = 80;
    private static final long WIDTH_TTL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final boolean interactive;
    private final String columnsVariable;
    private int columns = -1;
    private long columnsReadAt;

    private Terminal(boolean interactive, String columnsVariable) {
        this.interactive = interactive;
        this.columnsVariable = columnsVariable;
    }

    /**
     * The terminal of this process's standard output: interactive when file descriptor 1 is a terminal device,
     * unless {@code CI} is set or {@code TERM=dumb} (no cursor control).
     */
    static Terminal ofStdout(SystemEnv env) {
        boolean tty = !env.variables().containsKey("CI")
                && !"dumb".equals(env.variables().get("TERM"))
                && stdoutIsTerminal();
        return tty ? new Terminal(true, env.variables().get("COLUMNS")) : NONE;
    }

    boolean interactive() {
        return interactive;
    }

    /** The width now: {@code COLUMNS} when set, else the terminal's size (re-read at most once a second). */
    synchronized int columns() {
        Integer fixed = positive(columnsVariable);
        if (fixed != null) {
            return fixed;
        }
        long now = System.nanoTime();
        if (columns < 0 || now - columnsReadAt > WIDTH_TTL_NANOS) {
            columns = interactive ? sttyColumns() : DEFAULT_COLUMNS;
            columnsReadAt = now;
        }
        return columns;
    }

    private static boolean stdoutIsTerminal() {
        Path fd = Path.of("/proc/self/fd/1");
        if (Files.exists(fd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        // No /proc (macOS, BSD): the JDK's console, which on 21 exists only when stdin and stdout are terminals.
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try { // JDK 22+ also returns a console for redirected streams; isTerminal() tells them apart.
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** {@code stty size} on the controlling terminal: "rows columns". */
    private static int sttyColumns() {
        try {
            Process p = new ProcessBuilder("stty", "size")
                    .redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String line;
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                line = r.readLine();
            }
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return DEFAULT_COLUMNS;
            }
            String[] parts = line == null ? new String[0] : line.strip().split("\\s+");
            Integer cols = parts.length == 2 ? positive(parts[1]) : null;
            return cols == null ? DEFAULT_COLUMNS : cols;
        } catch (IOException e) {
            return DEFAULT_COLUMNS;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_COLUMNS;
        }
    }

    private static Integer positive(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(s.strip());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
