package dev.llmops.cli;

import dev.llmops.SystemEnv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the real command line in-process with its own working directory and environment. */
public final class CliRun {

    private final Path workingDir;
    private final Map<String, String> env = new HashMap<>();

    private CliRun(Path workingDir) {
        this.workingDir = workingDir;
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", workingDir.toString());
    }

    public static CliRun in(Path workingDir) {
        return new CliRun(workingDir);
    }

    public CliRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public CliResult run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(o, e, new SystemEnv(env, workingDir), args);
        }
        return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
