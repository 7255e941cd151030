package dev.llmops.ci;

import static dev.llmops.ci.Yaml.list;
import static dev.llmops.ci.Yaml.map;
import static dev.llmops.ci.Yaml.str;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a use case's Azure DevOps pipeline here for one build reason: templates expanded as the server does at
 * compile time, then each job's steps with runtime conditions, {@code $(macro)} expansion, variables as
 * environment, every {@code bash} step in real bash ({@code bash --noprofile --norc}, as the agent runs it, without
 * {@code -e}) and the agent's logging commands (setvariable, prependpath, uploadsummary, logissue, complete). Tasks
 * have stand-ins: JavaToolInstaller, Cache, PublishTestResults, PublishPipelineArtifact.
 */
final class AzureRehearsal {

    private static final Pattern MACRO = Pattern.compile("\\$\\(([A-Za-z0-9_.]+)\\)");

    private final Path repo;
    private final RehearsedJob job;
    final AzurePipelines pipelines = new AzurePipelines();
    final Map<String, String> variables = new LinkedHashMap<>();

    AzureRehearsal(Path repo, RehearsedJob job, Map<String, String> groupVariables) {
        this.repo = repo;
        this.job = job;
        variables.put("Build.Reason", "PullRequest");
        variables.put("Build.BuildId", "4242");
        variables.put("Build.SourcesDirectory", repo.toString());
        variables.put("Build.SourceVersion", "0123456789abcdef0123456789abcdef01234567");
        variables.put("System.JobAttempt", "1");
        variables.put("System.DefaultWorkingDirectory", repo.toString());
        variables.put("Pipeline.Workspace", job.scratch.resolve("pipeline").toString());
        variables.put("Agent.ToolsDirectory", job.scratch.resolve("tools").toString());
        variables.put("Agent.OS", "Linux");
        variables.put("TF_BUILD", "True");
        variables.putAll(groupVariables);
        variables.forEach((k, v) -> job.env.put(k.toUpperCase().replace('.', '_'), v));
    }

    /** Runs every job of the stages the pipeline has for this build reason; {@code overrides} edit the caller. */
    List<Map<String, Object>> run(String pipeline, Map<String, Object> overrides) throws Exception {
        Path file = repo.resolve(pipeline);
        Path edited = file.resolveSibling("rehearsal-" + file.getFileName());
        String text = Files.readString(file);
        for (Map.Entry<String, Object> o : overrides.entrySet()) {
            text = text.replaceAll(
                    "(?m)^(\\s+" + Pattern.quote(o.getKey()) + ": ).*$",
                    "$1" + Matcher.quoteReplacement("'" + o.getValue() + "'"));
        }
        Files.writeString(edited, text);
        List<Map<String, Object>> stages = pipelines.expand(edited, variables);
        Files.delete(edited);
        if (!pipelines.problems.isEmpty()) throw new AssertionError(String.join("\n", pipelines.problems));
        for (Map<String, Object> stage : stages) {
            Map<String, String> stageVars = new LinkedHashMap<>();
            map(stage.get("variables")).forEach((k, v) -> stageVars.put(k, str(v)));
            for (Object j : list(stage.get("jobs"))) {
                Map<String, Object> jobDef = map(j);
                Map<String, String> jobVars = new LinkedHashMap<>(stageVars);
                map(jobDef.get("variables")).forEach((k, v) -> jobVars.put(k, str(v)));
                variables.putAll(jobVars);
                jobVars.forEach((k, v) -> job.env.put(k.toUpperCase().replace('.', '_'), v));
                for (Object s : list(jobDef.get("steps"))) step(map(s));
            }
        }
        return stages;
    }

    private void step(Map<String, Object> step) {
        String name = str(step.getOrDefault("displayName", step.getOrDefault("task", "step")));
        String condition = str(step.getOrDefault("condition", "succeeded()"));
        boolean[] failed = {job.failed};
        Object run = Expr.eval(
                macros(condition),
                n -> {
                    if (n.startsWith("variables.")) return variables.get(n.substring("variables.".length()));
                    throw new AssertionError("rehearsal does not know " + n);
                },
                AzurePipelines.functions(failed));
        if (!Expr.truthy(run)) {
            job.skipped(name);
            return;
        }
        boolean ok;
        if (step.containsKey("bash")) {
            Map<String, String> env = new LinkedHashMap<>();
            map(step.get("env")).forEach((k, v) -> env.put(k, macros(str(v))));
            Path script = job.writeScript(macros(str(step.get("bash"))));
            int rc = job.run(name, List.of("bash", "--noprofile", "--norc", script.toString()), env);
            job.azureLoggingCommands(job.lastOutput(), variables);
            ok = rc == 0;
        } else if (step.containsKey("checkout")) {
            job.steps.add(new RehearsedJob.StepRun("checkout (stand-in)", true, 0));
            ok = true;
        } else if (step.containsKey("task")) {
            ok = task(name, str(step.get("task")), map(step.get("inputs")));
        } else {
            throw new AssertionError("rehearsal has no stand-in for step " + step.keySet());
        }
        if (!ok) {
            if (Boolean.TRUE.equals(step.get("continueOnError"))) job.withIssues = true;
            else job.failed = true;
        }
    }

    private boolean task(String name, String task, Map<String, Object> rawInputs) {
        Map<String, String> inputs = new LinkedHashMap<>();
        rawInputs.forEach((k, v) -> inputs.put(k, macros(str(v))));
        job.steps.add(new RehearsedJob.StepRun(name + " (stand-in)", true, 0));
        switch (task) {
            case "JavaToolInstaller@0" -> {
                return true;
            }
            case "Cache@2" -> {
                if (MACRO.matcher(inputs.get("key")).find()
                        || MACRO.matcher(inputs.get("path")).find()) {
                    throw new AssertionError("Cache@2 key or path has an unset variable: " + inputs);
                }
                return true;
            }
            case "PublishTestResults@2" -> {
                Path junit = repo.resolve(inputs.get("testResultsFiles"));
                if (Files.exists(junit)) job.testResults.add(junit);
                return true;
            }
            case "PublishPipelineArtifact@1" -> {
                job.uploadArtifact(inputs.get("artifact"), Path.of(inputs.get("targetPath")));
                return true;
            }
            default -> throw new AssertionError("rehearsal has no stand-in for task " + task);
        }
    }

    /** {@code $(name)} is replaced where the variable exists and left as it is otherwise, as the agent does. */
    private String macros(String text) {
        Matcher m = MACRO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
