package dev.llmops.cli;

import dev.llmops.SystemEnv;
import dev.llmops.ci.PipelineChecks;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Every {@code llmops} command a repository's pipelines run (shell steps of GitHub workflows and composite actions,
 * Azure DevOps templates, Jenkins libraries and Jenkinsfiles, as {@link PipelineChecks#shellSteps} finds them), with
 * the file and line it is written on, parsed against the real command model of {@link Main#commandLine}.
 */
final class PipelineCommandLines {

    /** One {@code llmops ...} command of a pipeline: where it is written, and its arguments after the name. */
    record Invocation(Path file, int line, List<String> args) {
        String where() {
            return file + ":" + line;
        }

        @Override
        public String toString() {
            return where() + ": llmops "
                    + String.join(
                            " ", args.stream().map(PipelineCommandLines::shown).toList());
        }
    }

    /** How an invocation parsed: the subcommand path (e.g. [deploy, test]) and the options it matched. */
    record Parsed(Invocation invocation, List<String> path, Map<String, String> options) {}

    /**
     * What a shell array the pipelines expand into a command line may hold: the gates inputs, e.g. {@code
     * --fail-under accuracy=0.8}, and a web app's staging slot; each command is parsed with the array empty and
     * with this.
     */
    static final Map<String, List<String>> ARRAY_SAMPLES = Map.of(
            "gates", List.of("--fail-under", "accuracy=0.8", "--fail-above", "run.latency_p95_ms=4000"),
            "slot", List.of("--slot", "staging"),
            "staged", List.of("--slot", "staging", "--no-swap"));

    private PipelineCommandLines() {}

    static List<Invocation> invocations(Path root) {
        List<Invocation> found = new ArrayList<>();
        Map<Path, Integer> cursors = new HashMap<>();
        for (PipelineChecks.ShellStep step : PipelineChecks.shellSteps(root)) {
            String[] scriptLines = step.script().split("\n", -1);
            for (ShellCommands.Command command : ShellCommands.of(step.script())) {
                if (!Path.of(command.name()).getFileName().toString().equals("llmops")) continue;
                int line = locate(step.file(), scriptLines[command.line()], cursors);
                found.add(new Invocation(
                        step.file(),
                        line,
                        command.words().subList(1, command.words().size())));
            }
        }
        return found;
    }

    private static final Pattern GROOVY_SH = Pattern.compile(
            "\\bsh\\s*\\(?\\s*(?:script:\\s*)?(\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\")", Pattern.DOTALL);
    private static final Pattern OTHER_SHELL = Pattern.compile("^\\s*-?\\s*(pwsh|powershell|cmd|bat):.*llmops");

    /**
     * Scripts with llmops commands that {@link #invocations} cannot read, each as {@code file:line: why}: a Jenkins
     * {@code sh} with a double-quoted (GString) script, which Groovy fills in before the shell sees it, and steps in
     * another shell than bash or sh.
     */
    static List<String> unreadable(Path root) {
        List<String> problems = new ArrayList<>();
        for (String suffix : List.of(".groovy", "Jenkinsfile")) {
            for (Path file : PipelineChecks.files(root, ".jenkins", suffix)) {
                String text = String.join("\n", lines(file));
                Matcher m = GROOVY_SH.matcher(text);
                while (m.find()) {
                    if (!m.group(1).contains("llmops")) continue;
                    long line = text.substring(0, m.start())
                                    .chars()
                                    .filter(c -> c == '\n')
                                    .count()
                            + 1;
                    problems.add(file + ":" + line + ": an sh step with a double-quoted script runs llmops; Groovy"
                            + " fills in its ${...} first and this check cannot read it: quote it with ' or '''");
                }
            }
        }
        for (String dir : List.of(".github", "azure-pipelines")) {
            for (Path file : PipelineChecks.files(root, dir, ".yml")) {
                List<String> lines = lines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = OTHER_SHELL.matcher(lines.get(i));
                    if (m.find()) {
                        problems.add(file + ":" + (i + 1) + ": a " + m.group(1) + " step runs llmops; run it in bash");
                    }
                }
            }
        }
        return problems;
    }

    /** The command lines an invocation stands for: one per sample of each array it expands. */
    static List<List<String>> expansions(Invocation invocation) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(new ArrayList<>());
        for (String arg : invocation.args()) {
            if (!arg.startsWith(ShellCommands.ARRAY)) {
                lines.forEach(l -> l.add(arg));
                continue;
            }
            String array = arg.substring(ShellCommands.ARRAY.length());
            List<String> sample = ARRAY_SAMPLES.get(array);
            if (sample == null) {
                throw new AssertionError(invocation.where() + ": cannot tell what \"${" + array
                        + "[@]}\" holds; add it to PipelineCommandLines.ARRAY_SAMPLES");
            }
            List<List<String>> more = new ArrayList<>();
            for (List<String> l : lines) {
                List<String> with = new ArrayList<>(l);
                with.addAll(sample);
                more.add(with);
            }
            lines.addAll(more);
        }
        return lines;
    }

    /**
     * Parses one command line with a model of {@code llmops} (picocli resets its values before each parse).
     *
     * @throws CommandLine.ParameterException for an unknown subcommand or option, a missing value or required option
     */
    static Parsed parse(CommandLine model, Invocation invocation, List<String> args) {
        ParseResult result = model.parseArgs(args.toArray(String[]::new));
        List<String> path = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r != result) path.add(r.commandSpec().name());
            for (CommandLine.Model.OptionSpec option : r.matchedOptions()) {
                Object value = option.getValue();
                options.put(option.longestName(), value == null ? "" : String.valueOf(value));
            }
        }
        return new Parsed(invocation, List.copyOf(path), options);
    }

    private static String shown(String arg) {
        return arg.startsWith(ShellCommands.ARRAY)
                ? "\"${" + arg.substring(ShellCommands.ARRAY.length()) + "[@]}\""
                : arg;
    }

    /** A fresh model of {@code llmops}, as {@link Main#run} builds it, printing nowhere. */
    static CommandLine model(Path workingDir) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        return Main.commandLine(new CliContext(new SystemEnv(Map.of(), workingDir), sink, sink));
    }

    /** The 1-based line of the file a script line was written on: the next one at or after the file's cursor. */
    private static int locate(Path file, String scriptLine, Map<Path, Integer> cursors) {
        String wanted = scriptLine.strip();
        List<String> lines = lines(file);
        int from = cursors.getOrDefault(file, 0);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = pass == 0 ? from : 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                String unjoined = line.endsWith("\\")
                        ? line.substring(0, line.length() - 1).strip()
                        : line;
                // A Groovy string joins a line ending in a backslash with the next one: compare the start then.
                if (line.contains(wanted) || (unjoined.length() > 10 && wanted.startsWith(unjoined))) {
                    cursors.put(file, i + 1);
                    return i + 1;
                }
            }
        }
        throw new AssertionError(file + ": cannot find the line '" + wanted + "' of one of its shell steps");
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
