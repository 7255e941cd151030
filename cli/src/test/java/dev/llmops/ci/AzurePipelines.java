package dev.llmops.ci;

import static dev.llmops.ci.Yaml.list;
import static dev.llmops.ci.Yaml.map;
import static dev.llmops.ci.Yaml.str;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Azure Pipelines YAML: template expansion (parameters, {@code ${{ parameters.x }}}, {@code ${{ if }}} insertion)
 * and a structural check we wrote, because no package we can install ships the Azure Pipelines schema: the keys
 * each level may have, one kind per step, tasks pinned to a known major version with their required inputs,
 * deployment jobs with an environment and a strategy, unique stage and job names, template parameters declared
 * and typed, conditions that parse. Problems are collected as "file: what" lines.
 */
final class AzurePipelines {

    static final Pattern TEMPLATE_EXPRESSION = Pattern.compile("\\$\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Set<String> PIPELINE_KEYS = Set.of(
            "trigger",
            "pr",
            "schedules",
            "variables",
            "stages",
            "jobs",
            "steps",
            "pool",
            "resources",
            "parameters",
            "name",
            "extends",
            "lockBehavior",
            "appendCommitMessageToRunName");
    private static final Set<String> TEMPLATE_KEYS = Set.of("parameters", "stages", "jobs", "steps", "variables");
    private static final Set<String> STAGE_KEYS = Set.of(
            "stage",
            "displayName",
            "dependsOn",
            "condition",
            "variables",
            "jobs",
            "lockBehavior",
            "pool",
            "templateContext",
            "isSkippable",
            "trigger");
    private static final Set<String> JOB_KEYS = Set.of(
            "job",
            "displayName",
            "dependsOn",
            "condition",
            "continueOnError",
            "timeoutInMinutes",
            "cancelTimeoutInMinutes",
            "variables",
            "strategy",
            "pool",
            "container",
            "services",
            "workspace",
            "uses",
            "steps",
            "templateContext");
    private static final Set<String> DEPLOYMENT_KEYS = Set.of(
            "deployment",
            "displayName",
            "dependsOn",
            "condition",
            "continueOnError",
            "timeoutInMinutes",
            "cancelTimeoutInMinutes",
            "variables",
            "pool",
            "environment",
            "strategy",
            "workspace",
            "uses",
            "container",
            "services",
            "templateContext");
    private static final Set<String> STEP_KINDS = Set.of(
            "task",
            "script",
            "bash",
            "pwsh",
            "powershell",
            "checkout",
            "download",
            "downloadBuild",
            "getPackage",
            "publish",
            "template",
            "reviewApp");
    private static final Set<String> STEP_KEYS = Set.of(
            "name",
            "displayName",
            "condition",
            "continueOnError",
            "enabled",
            "env",
            "timeoutInMinutes",
            "retryCountOnTaskFailure",
            "target",
            "workingDirectory",
            "failOnStderr",
            "inputs",
            "fetchDepth",
            "clean",
            "persistCredentials",
            "lfs",
            "submodules",
            "path",
            "fetchTags",
            "parameters");
    private static final Set<String> PARAMETER_TYPES = Set.of(
            "string",
            "number",
            "boolean",
            "object",
            "step",
            "stepList",
            "job",
            "jobList",
            "deployment",
            "deploymentList",
            "stage",
            "stageList");
    /** Tasks our pipelines may use: the current major version and the inputs it cannot do without. */
    private static final Map<String, List<String>> TASKS = Map.of(
            "JavaToolInstaller@0", List.of("versionSpec", "jdkArchitectureOption", "jdkSourceOption"),
            "Cache@2", List.of("key", "path"),
            "PublishTestResults@2", List.of("testResultsFormat", "testResultsFiles"),
            "PublishPipelineArtifact@1", List.of("targetPath", "artifact"),
            "AzureCLI@2", List.of("azureSubscription", "scriptType", "scriptLocation", "inlineScript"),
            "ManualValidation@1", List.of("notifyUsers"));

    final List<String> problems = new ArrayList<>();

    /** Checks a file as written (before expansion): a pipeline or a template. */
    void checkFile(Path file) {
        Map<String, Object> doc = Yaml.load(file);
        boolean template = doc.containsKey("parameters") && !doc.containsKey("trigger") && !doc.containsKey("pr");
        Set<String> allowed = template ? TEMPLATE_KEYS : PIPELINE_KEYS;
        for (String key : doc.keySet()) {
            if (!allowed.contains(key)) problems.add(file + ": unknown top-level key '" + key + "'");
        }
        Set<String> declared = new HashSet<>();
        for (Object p : list(doc.get("parameters"))) {
            Map<String, Object> param = map(p);
            String name = str(param.get("name"));
            if (!NAME.matcher(name).matches()) problems.add(file + ": parameter without a valid name: " + param);
            if (!PARAMETER_TYPES.contains(str(param.getOrDefault("type", "string")))) {
                problems.add(file + ": parameter " + name + " has unknown type " + param.get("type"));
            }
            if (param.containsKey("values")
                    && param.containsKey("default")
                    && !list(param.get("values")).contains(param.get("default"))) {
                problems.add(file + ": parameter " + name + " default is not one of its values");
            }
            declared.add(name);
        }
        if (template) {
            java.util.regex.Matcher m =
                    Pattern.compile("parameters\\.([A-Za-z0-9_]+)").matcher(read(file));
            while (m.find()) {
                if (!declared.contains(m.group(1)))
                    problems.add(file + ": parameters." + m.group(1) + " is not declared");
            }
        }
        if (doc.containsKey("schedules")) {
            for (Object s : list(doc.get("schedules"))) {
                if (str(map(s).get("cron")).trim().split("\\s+").length != 5)
                    problems.add(file + ": cron needs 5 fields: " + s);
            }
        }
        for (String trigger : List.of("trigger", "pr")) {
            Map<String, Object> t = doc.get(trigger) instanceof Map ? map(doc.get(trigger)) : Map.of();
            for (String key : t.keySet()) {
                if (!Set.of("branches", "paths", "tags", "batch", "autoCancel", "drafts")
                        .contains(key)) {
                    problems.add(file + ": " + trigger + " has unknown key " + key);
                }
            }
        }
    }

    /** Expands a pipeline with the given compile-time variables into its stages, checking each level. */
    List<Map<String, Object>> expand(Path pipeline, Map<String, String> variables) {
        Map<String, Object> doc = Yaml.load(pipeline);
        List<Map<String, Object>> stages = new ArrayList<>();
        for (Object item : insertions(list(doc.get("stages")), Map.of(), variables, pipeline)) {
            Map<String, Object> entry = map(item);
            if (entry.containsKey("template")) {
                Path file = pipeline.getParent().resolve(str(entry.get("template")));
                Map<String, Object> template = Yaml.load(file);
                Map<String, Object> params = parameters(file, template, map(entry.get("parameters")));
                for (Object stage : insertions(list(template.get("stages")), params, variables, file)) {
                    stages.add(checkStage(file, map(substitute(stage, params)), params, variables));
                }
            } else {
                stages.add(checkStage(pipeline, entry, Map.of(), variables));
            }
        }
        Set<String> names = new HashSet<>();
        for (Map<String, Object> stage : stages) {
            if (!names.add(str(stage.get("stage"))))
                problems.add(pipeline + ": stage name used twice: " + stage.get("stage"));
        }
        return stages;
    }

    private Map<String, Object> checkStage(
            Path file, Map<String, Object> stage, Map<String, Object> params, Map<String, String> variables) {
        unknownKeys(file, "stage", stage, STAGE_KEYS);
        if (!NAME.matcher(str(stage.get("stage"))).matches())
            problems.add(file + ": stage name is not an identifier: " + stage.get("stage"));
        if (stage.containsKey("lockBehavior")
                && !Set.of("sequential", "runLatest").contains(str(stage.get("lockBehavior")))) {
            problems.add(file + ": lockBehavior must be sequential or runLatest");
        }
        condition(file, stage.get("condition"));
        Set<String> jobNames = new HashSet<>();
        List<Object> jobs = new ArrayList<>();
        for (Object j : list(stage.get("jobs"))) {
            Map<String, Object> job = map(j);
            boolean deployment = job.containsKey("deployment");
            unknownKeys(file, deployment ? "deployment" : "job", job, deployment ? DEPLOYMENT_KEYS : JOB_KEYS);
            String name = str(job.get(deployment ? "deployment" : "job"));
            if (!NAME.matcher(name).matches()) problems.add(file + ": job name is not an identifier: " + name);
            if (!jobNames.add(name)) problems.add(file + ": job name used twice in a stage: " + name);
            condition(file, job.get("condition"));
            Map<String, Object> expanded = new LinkedHashMap<>(job);
            if (deployment) {
                if (!job.containsKey("environment"))
                    problems.add(file + ": deployment " + name + " has no environment");
                Map<String, Object> strategy = map(job.get("strategy"));
                if (strategy.size() != 1
                        || !Set.of("runOnce", "rolling", "canary")
                                .contains(strategy.keySet().iterator().next())) {
                    problems.add(file + ": deployment " + name + " needs one strategy of runOnce, rolling, canary");
                } else {
                    Map<String, Object> runOnce =
                            map(strategy.values().iterator().next());
                    for (Map.Entry<String, Object> hook : runOnce.entrySet()) {
                        if (hook.getKey().equals("on")) {
                            for (Object h : map(hook.getValue()).values())
                                steps(file, list(map(h).get("steps")), variables);
                        } else {
                            steps(file, list(map(hook.getValue()).get("steps")), variables);
                        }
                    }
                }
            } else {
                expanded.put("steps", steps(file, list(job.get("steps")), variables));
            }
            jobs.add(expanded);
        }
        Map<String, Object> result = new LinkedHashMap<>(stage);
        result.put("jobs", jobs);
        return result;
    }

    /** Checks steps, expanding step templates; returns the flat list. */
    List<Map<String, Object>> steps(Path file, List<Object> steps, Map<String, String> variables) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object s : steps) {
            Map<String, Object> step = map(s);
            List<String> kinds =
                    step.keySet().stream().filter(STEP_KINDS::contains).toList();
            if (kinds.size() != 1) {
                problems.add(file + ": a step needs exactly one of " + STEP_KINDS + ": " + step.keySet());
                continue;
            }
            for (String key : step.keySet()) {
                if (!STEP_KINDS.contains(key) && !STEP_KEYS.contains(key))
                    problems.add(file + ": step has unknown key '" + key + "'");
            }
            condition(file, step.get("condition"));
            String kind = kinds.get(0);
            if (kind.equals("template")) {
                Path included = file.getParent().resolve(str(step.get("template")));
                Map<String, Object> template = Yaml.load(included);
                Map<String, Object> params = parameters(included, template, map(step.get("parameters")));
                List<Object> inner = insertions(list(template.get("steps")), params, variables, included);
                out.addAll(steps(included, list(substitute(inner, params)), variables));
                continue;
            }
            if (kind.equals("task")) {
                String task = str(step.get("task"));
                List<String> required = TASKS.get(task);
                if (required == null) {
                    problems.add(file + ": task " + task + " is not a known task at its current major version");
                } else {
                    Map<String, Object> inputs = map(step.get("inputs"));
                    for (String input : required) {
                        if (!inputs.containsKey(input)
                                && !(task.startsWith("AzureCLI")
                                        && input.equals("inlineScript")
                                        && "scriptPath".equals(inputs.get("scriptLocation")))) {
                            problems.add(file + ": task " + task + " lacks input " + input);
                        }
                    }
                }
            } else if (step.containsKey("inputs")) {
                problems.add(file + ": only a task step takes inputs");
            }
            out.add(step);
        }
        return out;
    }

    private Map<String, Object> parameters(Path file, Map<String, Object> template, Map<String, Object> given) {
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> declared = new HashSet<>();
        for (Object p : list(template.get("parameters"))) {
            Map<String, Object> param = map(p);
            String name = str(param.get("name"));
            declared.add(name);
            if (given.containsKey(name)) {
                Object value = given.get(name);
                if (param.containsKey("values") && !list(param.get("values")).contains(value)) {
                    problems.add(
                            file + ": parameter " + name + " = " + value + " is not one of " + param.get("values"));
                }
                values.put(name, value);
            } else if (param.containsKey("default")) {
                values.put(name, param.get("default"));
            } else {
                problems.add(file + ": required parameter " + name + " not given");
                values.put(name, "");
            }
        }
        for (String name : given.keySet()) {
            if (!declared.contains(name)) problems.add(file + ": parameter " + name + " is not declared");
        }
        return values;
    }

    /** Splices {@code - ${{ if cond }}: [items]} entries of a list. */
    private List<Object> insertions(
            List<Object> items, Map<String, Object> params, Map<String, String> variables, Path file) {
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> entry = item instanceof Map ? map(item) : Map.of();
            String key = entry.size() == 1 ? entry.keySet().iterator().next() : "";
            java.util.regex.Matcher m =
                    Pattern.compile("^\\$\\{\\{\\s*if (.*)}}$").matcher(key.strip());
            if (m.matches()) {
                if (Expr.truthy(eval(m.group(1), params, variables, true))) out.addAll(list(entry.get(key)));
            } else {
                out.add(item);
            }
        }
        return out;
    }

    static Object substitute(Object value, Map<String, Object> params) {
        if (value instanceof String s) {
            return Yaml.interpolate(s, TEMPLATE_EXPRESSION, e -> eval(e, params, Map.of(), true));
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(str(substitute(str(k), params)), substitute(v, params)));
            return out;
        }
        if (value instanceof List<?> l)
            return l.stream().map(v -> substitute(v, params)).toList();
        return value;
    }

    /** Evaluates a template expression or a runtime condition. */
    static Object eval(
            String expression, Map<String, Object> params, Map<String, String> variables, boolean compileTime) {
        return Expr.eval(
                expression,
                name -> {
                    if (name.startsWith("parameters.")) {
                        String p = name.substring("parameters.".length());
                        if (!params.containsKey(p)) throw new AssertionError("parameters." + p + " is not declared");
                        return params.get(p);
                    }
                    if (name.startsWith("variables.")) return variables.get(name.substring("variables.".length()));
                    throw new AssertionError("rehearsal does not know " + name + " in " + expression);
                },
                functions(compileTime ? new boolean[] {false} : null));
    }

    static Map<String, Expr.Fn> functions(boolean[] failed) {
        Map<String, Expr.Fn> fns = new LinkedHashMap<>();
        fns.put("eq", a -> Expr.looselyEqual(a.get(0), a.get(1)));
        fns.put("ne", a -> !Expr.looselyEqual(a.get(0), a.get(1)));
        fns.put("and", a -> a.stream().allMatch(Expr::truthy));
        fns.put("or", a -> a.stream().anyMatch(Expr::truthy));
        fns.put("not", a -> !Expr.truthy(a.get(0)));
        fns.put("in", a -> a.subList(1, a.size()).stream().anyMatch(v -> Expr.looselyEqual(a.get(0), v)));
        boolean f = failed != null && failed[0];
        fns.put("succeeded", a -> !f);
        fns.put("failed", a -> f);
        fns.put("succeededorfailed", a -> true);
        fns.put("always", a -> true);
        return fns;
    }

    private void condition(Path file, Object condition) {
        if (condition == null) return;
        try {
            Expr.eval(str(condition), name -> "", functions(new boolean[] {false}));
        } catch (RuntimeException | AssertionError e) {
            problems.add(file + ": condition does not parse: " + condition + " (" + e.getMessage() + ")");
        }
    }

    private void unknownKeys(Path file, String what, Map<String, Object> map, Set<String> allowed) {
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) problems.add(file + ": " + what + " has unknown key '" + key + "'");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
