package dev.llmops.ci;

import static dev.llmops.ci.Yaml.list;
import static dev.llmops.ci.Yaml.map;
import static dev.llmops.ci.Yaml.str;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.stmt.Statement;
import org.opentest4j.TestAbortedException;

/**
 * The checks every repository's CI definitions must pass, each returning its problems as lines: GitHub workflows
 * and actions against the published schemas ({@code action-validator}), every shell step through
 * {@code shellcheck}, Azure Pipelines through our structural check, Jenkins files through the Groovy compiler and
 * the declarative-structure check.
 */
public final class PipelineChecks {

    /** A shell step as written in a CI definition. */
    public record ShellStep(Path file, String name, String shebang, String script) {}

    /** This repository (tests run in the cli module's folder). */
    public static final Path LLMOPS_REPOSITORY = Path.of("").toAbsolutePath().getParent();

    private PipelineChecks() {}

    public static List<Path> files(Path root, String dir, String suffix) {
        Path base = root.resolve(dir);
        if (!Files.isDirectory(base)) return List.of();
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> githubSchema(Path root) {
        String validator =
                tool("action-validator", LLMOPS_REPOSITORY.resolve(".ci/tools/node_modules/.bin/action-validator"));
        List<String> problems = new ArrayList<>();
        for (Path file : files(root, ".github", ".yml")) {
            Result r = exec(List.of(validator, file.toString()), root);
            if (r.code() != 0) problems.add(file + ": " + r.output());
        }
        return problems;
    }

    static List<String> shellcheck(Path root) {
        String shellcheck = tool("shellcheck", null);
        List<String> problems = new ArrayList<>();
        List<ShellStep> steps = shellSteps(root);
        if (steps.isEmpty()) problems.add(root + ": no shell steps found");
        for (ShellStep step : steps) {
            try {
                Path script = Files.createTempFile("step", ".sh");
                Files.writeString(
                        script,
                        (step.shebang().isEmpty() ? "" : step.shebang() + "\n")
                                + step.script().replaceAll("\\$\\{\\{.*?}}", "X"));
                Result r = exec(List.of(shellcheck, "--format=gcc", script.toString()), root);
                Files.delete(script);
                if (r.code() != 0) problems.add(step.file() + " [" + step.name() + "]: " + r.output());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return problems;
    }

    /** Every shell step of the three platforms, with the shell it runs in. */
    public static List<ShellStep> shellSteps(Path root) {
        List<ShellStep> steps = new ArrayList<>();
        for (Path file : files(root, ".github", ".yml")) {
            Map<String, Object> doc = Yaml.load(file);
            List<Object> all = new ArrayList<>(list(map(doc.get("runs")).get("steps")));
            map(doc.get("jobs")).values().forEach(job -> all.addAll(list(map(job).get("steps"))));
            for (Object s : all) {
                Map<String, Object> step = map(s);
                if (step.containsKey("run"))
                    steps.add(new ShellStep(file, str(step.get("name")), "#!/usr/bin/env bash", str(step.get("run"))));
            }
        }
        for (Path file : files(root, "azure-pipelines", ".yml")) collectAzure(file, Yaml.load(file), steps);
        JenkinsPipelines jenkins = new JenkinsPipelines();
        List<Path> groovy = new ArrayList<>(files(root, ".jenkins", ".groovy"));
        for (Path file : groovy) {
            jenkins.parse(file).ifPresent(source -> {
                for (org.codehaus.groovy.ast.MethodNode m :
                        source.module().getClasses().get(0).getMethods()) {
                    if (m.getCode() instanceof org.codehaus.groovy.ast.stmt.BlockStatement b)
                        collectSh(file, b.getStatements(), steps);
                }
            });
        }
        return steps;
    }

    private static void collectAzure(Path file, Object node, List<ShellStep> steps) {
        if (node instanceof Map<?, ?> m) {
            for (String key : List.of("bash", "script", "inlineScript")) {
                if (m.get(key) instanceof String script && !(m.containsKey("uses"))) {
                    steps.add(new ShellStep(file, str(m.get("displayName")), "#!/usr/bin/env bash", script));
                }
            }
            m.values().forEach(v -> collectAzure(file, v, steps));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectAzure(file, v, steps));
        }
    }

    private static void collectSh(Path file, List<Statement> statements, List<ShellStep> steps) {
        for (Statement s : statements) {
            Optional<JenkinsPipelines.Call> call = JenkinsPipelines.call(s);
            if (call.isEmpty()) continue;
            JenkinsPipelines.Call c = call.get();
            if (c.name().equals("sh") && !c.args().isEmpty() && c.args().get(0) instanceof ConstantExpression ce) {
                String script = String.valueOf(ce.getValue());
                // Jenkins runs a script without #! in /bin/sh: check it as POSIX sh.
                steps.add(
                        script.startsWith("#!")
                                ? new ShellStep(file, "sh", "", script)
                                : new ShellStep(file, "sh", "#!/bin/sh", script));
            }
            collectSh(file, c.body(), steps);
        }
    }

    /**
     * Azure DevOps runs a bash script (a {@code bash} step, an AzureCLI inline script) without {@code -e}: after a
     * failed command the next one runs and the last one's exit code decides, so a failed deploy followed by a passing
     * smoke test of the old deployment would pass. A script of more than one command must start with {@code set -e}.
     */
    static List<String> azureErrexit(Path root) {
        List<String> problems = new ArrayList<>();
        for (ShellStep step : shellSteps(root)) {
            if (!root.relativize(step.file()).startsWith("azure-pipelines")) continue;
            List<String> commands = step.script()
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
            if (commands.size() > 1 && !commands.getFirst().startsWith("set -e")) {
                problems.add(step.file() + " [" + step.name() + "]: " + commands.size()
                        + " lines without set -euo pipefail first: the agent's bash goes on after a failed command");
            }
        }
        return problems;
    }

    static List<String> azureStructure(Path root) {
        AzurePipelines azure = new AzurePipelines();
        List<Path> files = files(root, "azure-pipelines", ".yml");
        files.forEach(azure::checkFile);
        for (Path file : files) {
            if (Yaml.load(file).containsKey("trigger")) {
                for (String reason : List.of("PullRequest", "IndividualCI", "Schedule")) {
                    List<Map<String, Object>> stages = azure.expand(file, Map.of("Build.Reason", reason));
                    if (stages.isEmpty()) azure.problems.add(file + ": no stages for build reason " + reason);
                }
            }
        }
        return azure.problems;
    }

    static List<String> jenkinsStructure(Path root) {
        JenkinsPipelines jenkins = new JenkinsPipelines();
        Path library = root.resolve(".jenkins/vars/llmopsPipeline.groovy");
        jenkins.parse(library).ifPresent(source -> jenkins.checkDeclarative(source, "call"));
        for (Path file : files(root, ".jenkins", ".groovy")) jenkins.parse(file);
        for (Path file : files(root, ".jenkins", "Jenkinsfile")) {
            jenkins.parse(file).ifPresent(source -> {
                String text = source.text();
                if (!text.contains("@Library('llmops') _"))
                    jenkins.problems.add(file + ": does not load the llmops library");
                boolean calls = JenkinsPipelines.statements(source, null).stream()
                        .map(JenkinsPipelines::call)
                        .flatMap(Optional::stream)
                        .anyMatch(c -> c.name().equals("llmopsPipeline")
                                && c.args().size() == 1
                                && c.args().get(0).getText().contains("useCase")
                                && c.args().get(0).getText().contains("name"));
                if (!calls) jenkins.problems.add(file + ": does not call llmopsPipeline(useCase: ..., name: ...)");
            });
        }
        return jenkins.problems;
    }

    record Result(int code, String output) {}

    static Result exec(List<String> command, Path dir) {
        try {
            Path out = Files.createTempFile("check", ".log");
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(command + " ran longer than 120 s");
            }
            String text = Files.readString(out).strip();
            Files.delete(out);
            return new Result(p.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * A checking tool: where .ci/run installs it, else on PATH. Missing under CI is a failure (.ci/run installs
     * it); on a developer's machine the check is skipped with a note saying how to get it.
     */
    static String tool(String name, Path installed) {
        String env = System.getenv("LLMOPS_" + name.toUpperCase().replace('-', '_'));
        if (env != null && Files.isExecutable(Path.of(env))) return env;
        if (installed != null && Files.isExecutable(installed)) return installed.toString();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, name)))
                return Path.of(dir, name).toString();
        }
        String message = name + " is not installed: bash .ci/run installs it (or see docs/ci.md)";
        if (System.getenv("CI") != null) throw new AssertionError(message);
        throw new TestAbortedException(message);
    }
}
