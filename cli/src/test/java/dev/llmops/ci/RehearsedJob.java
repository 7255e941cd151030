package dev.llmops.ci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One CI job as the rehearsal runs it on this machine: a workspace, the job's environment, real {@code bash} for
 * every shell step, and what the platform's own actions would have kept (artifacts, test results, annotations).
 */
final class RehearsedJob {

    enum Status {
        SUCCEEDED,
        /** Azure DevOps SucceededWithIssues, Jenkins UNSTABLE, a GitHub warning annotation. */
        SUCCEEDED_WITH_ISSUES,
        FAILED
    }

    /** One step as it ran (or was skipped). */
    record StepRun(String name, boolean ran, int exitCode) {}

    private static final long STEP_TIMEOUT_SECONDS = 300;

    final Path workspace;
    final Path scratch;
    final Map<String, String> env = new LinkedHashMap<>();
    final List<String> pathPrepends = new ArrayList<>();
    final Map<String, Path> artifacts = new LinkedHashMap<>();
    final List<Path> testResults = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final List<Path> summaries = new ArrayList<>();
    final List<StepRun> steps = new ArrayList<>();
    final StringBuilder log = new StringBuilder();
    boolean failed;
    boolean withIssues;

    RehearsedJob(Path workspace, Path scratch) {
        this.workspace = workspace;
        this.scratch = scratch;
        // A clean environment: nothing of this machine's (no AOAI_* secrets) leaks into the rehearsal.
        for (String keep : List.of("PATH", "LANG", "TERM")) {
            String value = System.getenv(keep);
            if (value != null) env.put(keep, value);
        }
        env.put("HOME", scratch.resolve("home").toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("CI", "true");
        // Short-lived JVMs: start fast rather than peak fast (the setup step's wrapper passes these on).
        env.put("LLMOPS_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    }

    Status status() {
        return failed ? Status.FAILED : withIssues ? Status.SUCCEEDED_WITH_ISSUES : Status.SUCCEEDED;
    }

    /** Runs a script file with the given command line; returns its exit code and logs its output. */
    int run(String name, List<String> command, Map<String, String> stepEnv) {
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(workspace.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().putAll(stepEnv);
        if (!pathPrepends.isEmpty()) {
            pb.environment().put("PATH", String.join(":", pathPrepends.reversed()) + ":" + env.get("PATH"));
        }
        Path output = scratch.resolve("step-" + steps.size() + ".log");
        pb.redirectOutput(output.toFile());
        try {
            Files.createDirectories(Path.of(env.get("HOME")));
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("step '" + name + "' ran longer than " + STEP_TIMEOUT_SECONDS + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            log.append("=== ")
                    .append(name)
                    .append(" (exit ")
                    .append(p.exitValue())
                    .append(", ")
                    .append((System.nanoTime() - start) / 1_000_000)
                    .append(" ms)\n")
                    .append(text);
            steps.add(new StepRun(name, true, p.exitValue()));
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The output of the last step that ran. */
    String lastOutput() {
        try {
            return Files.readString(scratch.resolve("step-" + (steps.size() - 1) + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void skipped(String name) {
        steps.add(new StepRun(name, false, 0));
        log.append("=== ").append(name).append(" (skipped)\n");
    }

    Path writeScript(String script) {
        try {
            Path file = scratch.resolve("script-" + steps.size() + ".sh");
            Files.writeString(file, script);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The artifact upload's stand-in: a copy, and names must be unique within a run as on every platform. */
    void uploadArtifact(String name, Path path) {
        if (artifacts.containsKey(name)) {
            throw new AssertionError("artifact name '" + name + "' is used twice in one run");
        }
        Path target = scratch.resolve("artifacts").resolve(name);
        Path source = workspace.resolve(path);
        try {
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Path to = target.resolve(source.relativize(file).toString());
                        Files.createDirectories(to.getParent());
                        Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        artifacts.put(name, target);
    }

    /** Reads Azure DevOps logging commands from a step's output, as the agent does. */
    void azureLoggingCommands(String output, Map<String, String> variables) {
        for (String line : output.split("\n")) {
            int at = line.indexOf("##vso[");
            if (at < 0) continue;
            String command = line.substring(at + 6);
            int close = command.indexOf(']');
            String head = command.substring(0, close);
            String message = command.substring(close + 1).strip();
            Map<String, String> props = new LinkedHashMap<>();
            String[] parts = head.split(" ", 2);
            if (parts.length > 1) {
                for (String prop : parts[1].split(";")) {
                    String[] kv = prop.split("=", 2);
                    if (kv.length == 2) props.put(kv[0].strip(), kv[1].strip());
                }
            }
            switch (parts[0]) {
                case "task.setvariable" -> {
                    variables.put(props.get("variable"), message);
                    env.put(props.get("variable").toUpperCase().replace('.', '_'), message);
                }
                case "task.prependpath" -> pathPrepends.add(message);
                case "task.uploadsummary" -> summaries.add(Path.of(message));
                case "task.logissue" -> (props.get("type").equals("warning") ? warnings : errors).add(message);
                case "task.complete" -> {
                    if ("SucceededWithIssues".equals(props.get("result"))) withIssues = true;
                    else if ("Failed".equals(props.get("result"))) failed = true;
                }
                default -> throw new AssertionError("rehearsal does not know logging command " + parts[0]);
            }
        }
    }
}
