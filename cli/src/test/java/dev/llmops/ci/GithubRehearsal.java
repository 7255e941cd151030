package dev.llmops.ci;

import static dev.llmops.ci.Yaml.list;
import static dev.llmops.ci.Yaml.map;
import static dev.llmops.ci.Yaml.str;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;

/**
 * Runs a use case's GitHub workflow job on this machine: the caller's job, the reusable workflow it calls (inputs
 * and secrets checked against its declarations), local composite actions expanded, every {@code run:} step in real
 * bash with GitHub's shell flags and files ({@code GITHUB_OUTPUT}, {@code GITHUB_PATH}, {@code GITHUB_STEP_SUMMARY}).
 * Only GitHub's own actions have stand-ins: checkout, setup-java, cache, upload-artifact, test-reporter, and
 * github-script, whose script runs in node against a recording stand-in of the API.
 */
final class GithubRehearsal {

    static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{(.*?)}}", Pattern.DOTALL);

    private final Path repo;
    private final RehearsedJob job;
    private final Map<String, Object> github = new HashMap<>();
    private final Map<String, String> vars;
    final Map<String, String> comments = new LinkedHashMap<>();

    GithubRehearsal(Path repo, RehearsedJob job, Map<String, String> vars, boolean fork) {
        this.repo = repo;
        this.job = job;
        this.vars = vars;
        github.put("event_name", "pull_request");
        github.put("run_id", "4242");
        github.put("run_attempt", "1");
        github.put("repository", "acme/app");
        github.put("ref", "refs/pull/7/merge");
        github.put("sha", "0123456789abcdef0123456789abcdef01234567");
        github.put("workspace", repo.toString());
        github.put("event.pull_request.number", "7");
        github.put("event.pull_request.head.repo.full_name", fork ? "someone/app" : "acme/app");
        Path files = job.scratch.resolve("github");
        try {
            Files.createDirectories(files);
            for (String name : List.of("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY")) {
                Files.writeString(files.resolve(name), "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        job.env.put("GITHUB_ACTIONS", "true");
        job.env.put("GITHUB_EVENT_NAME", "pull_request");
        job.env.put("GITHUB_RUN_ID", "4242");
        job.env.put("GITHUB_RUN_ATTEMPT", "1");
        job.env.put("GITHUB_REPOSITORY", "acme/app");
        job.env.put("GITHUB_SHA", str(github.get("sha")));
        job.env.put("GITHUB_WORKSPACE", repo.toString());
        job.env.put("GITHUB_SERVER_URL", "https://github.com");
        job.env.put("GITHUB_STEP_SUMMARY", files.resolve("GITHUB_STEP_SUMMARY").toString());
        job.env.put("RUNNER_OS", "Linux");
        job.env.put("RUNNER_TEMP", job.scratch.resolve("runner-temp").toString());
        job.env.put("RUNNER_TOOL_CACHE", job.scratch.resolve("tool-cache").toString());
    }

    /** The event that started the run (pull_request unless changed), as {@code github.event_name} shows it. */
    GithubRehearsal on(String event) {
        github.put("event_name", event);
        job.env.put("GITHUB_EVENT_NAME", event);
        return this;
    }

    Path stepSummary() {
        return Path.of(job.env.get("GITHUB_STEP_SUMMARY"));
    }

    /**
     * Runs job {@code callerJob} of workflow {@code workflow}; {@code overrides} replace values of its
     * {@code with:}, as a user edits the caller.
     */
    void run(String workflow, String callerJob, Map<String, String> overrides) {
        run(workflow, callerJob, overrides, null);
    }

    /** As {@link #run(String, String, Map)}, running only the called workflow's jobs named in {@code only}. */
    void run(String workflow, String callerJob, Map<String, String> overrides, java.util.Set<String> only) {
        Map<String, Object> caller = Yaml.load(repo.resolve(workflow));
        Map<String, Object> jobDef = map(map(caller.get("jobs")).get(callerJob));
        if (jobDef.isEmpty()) throw new AssertionError(workflow + ": no job " + callerJob);
        Scope scope = new Scope(Map.of(), Map.of());
        if (!Expr.truthy(scope.eval(str(jobDef.getOrDefault("if", "success()"))))) {
            throw new AssertionError(workflow + ": job " + callerJob + " does not run on " + github.get("event_name"));
        }
        String uses = str(jobDef.get("uses"));
        if (!uses.startsWith("./"))
            throw new AssertionError(workflow + ": job " + callerJob + " calls no local workflow");
        Map<String, String> with = new LinkedHashMap<>();
        map(jobDef.get("with")).forEach((k, v) -> with.put(k, scope.interpolate(str(v))));
        with.putAll(overrides);
        Map<String, Object> called = Yaml.load(repo.resolve(uses.substring(2)));
        Map<String, Object> call = map(map(called.get("on")).get("workflow_call"));
        Map<String, Object> declared = map(call.get("inputs"));
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (String key : with.keySet()) {
            if (!declared.containsKey(key))
                throw new AssertionError(workflow + ": input '" + key + "' is not declared by " + uses);
        }
        declared.forEach((name, def) -> {
            Map<String, Object> d = map(def);
            if (with.containsKey(name)) inputs.put(name, with.get(name));
            else if (Boolean.TRUE.equals(d.get("required")))
                throw new AssertionError(workflow + ": required input '" + name + "' of " + uses + " not given");
            else inputs.put(name, d.get("default"));
        });
        Map<String, Object> secrets = map(call.get("secrets"));
        for (String secret : map(jobDef.get("secrets")).keySet()) {
            if (!secrets.containsKey(secret))
                throw new AssertionError(workflow + ": secret '" + secret + "' is not declared by " + uses);
        }
        for (Map.Entry<String, Object> entry : map(called.get("jobs")).entrySet()) {
            if (only != null && !only.contains(entry.getKey())) continue;
            Map<String, Object> calledJob = map(entry.getValue());
            github.put("job", entry.getKey());
            Scope jobScope = new Scope(inputs, Map.of());
            Map<String, String> jobEnv = new LinkedHashMap<>();
            map(called.get("env")).forEach((k, v) -> jobEnv.put(k, jobScope.interpolate(str(v))));
            map(calledJob.get("env")).forEach((k, v) -> jobEnv.put(k, jobScope.interpolate(str(v))));
            job.env.putAll(jobEnv);
            runSteps(list(calledJob.get("steps")), new Scope(inputs, Map.of()), "bash -e {0}", repo);
        }
    }

    private void runSteps(List<Object> steps, Scope scope, String defaultShell, Path actionPath) {
        for (Object s : steps) {
            Map<String, Object> step = map(s);
            String name = str(step.getOrDefault("name", step.getOrDefault("uses", "run")));
            String condition = str(step.getOrDefault("if", "success()")).replaceAll("^\\$\\{\\{(.*)}}$", "$1");
            if (!Expr.truthy(scope.eval(condition))) {
                job.skipped(name);
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>();
            map(step.get("env")).forEach((k, v) -> env.put(k, scope.interpolate(str(v))));
            Map<String, String> with = new LinkedHashMap<>();
            map(step.get("with")).forEach((k, v) -> with.put(k, scope.interpolate(str(v))));
            boolean ok;
            if (step.containsKey("run")) {
                ok = shell(
                        name,
                        scope.interpolate(str(step.get("run"))),
                        str(step.getOrDefault("shell", defaultShell)),
                        env,
                        scope,
                        str(step.get("id")));
            } else {
                ok = uses(name, str(step.get("uses")), with, env, scope, str(step.get("id")), actionPath);
            }
            if (!ok && !Boolean.TRUE.equals(step.get("continue-on-error"))) job.failed = true;
        }
    }

    private boolean shell(String name, String script, String shell, Map<String, String> env, Scope scope, String id) {
        Path file = job.writeScript(script);
        List<String> command =
                switch (shell) {
                    case "bash -e {0}" -> List.of("bash", "-e", file.toString());
                    case "bash" -> List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", file.toString());
                    default -> throw new AssertionError("rehearsal does not know shell " + shell);
                };
        Path output = job.scratch.resolve("github/GITHUB_OUTPUT");
        Path path = job.scratch.resolve("github/GITHUB_PATH");
        Map<String, String> stepEnv = new LinkedHashMap<>(env);
        stepEnv.put("GITHUB_OUTPUT", output.toString());
        stepEnv.put("GITHUB_PATH", path.toString());
        stepEnv.put("GITHUB_ENV", job.scratch.resolve("github/GITHUB_ENV").toString());
        scope.actionPath().ifPresent(p -> stepEnv.put("GITHUB_ACTION_PATH", p));
        int rc = job.run(name, command, stepEnv);
        try {
            for (String line : Files.readAllLines(output)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !id.isEmpty())
                    scope.outputs
                            .computeIfAbsent(id, k -> new HashMap<>())
                            .put(line.substring(0, eq), line.substring(eq + 1));
            }
            Files.writeString(output, "");
            for (String line : Files.readAllLines(path)) {
                if (!line.isBlank()) job.pathPrepends.add(line.strip());
            }
            Files.writeString(path, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : job.lastOutput().split("\n")) {
            if (line.startsWith("::warning")) job.warnings.add(line.substring(line.indexOf("::", 2) + 2));
            if (line.startsWith("::error")) job.errors.add(line.substring(line.indexOf("::", 2) + 2));
        }
        return rc == 0;
    }

    private boolean uses(
            String name,
            String uses,
            Map<String, String> with,
            Map<String, String> env,
            Scope scope,
            String id,
            Path actionPath) {
        if (uses.startsWith("./")) {
            Path dir = repo.resolve(uses.substring(2));
            Map<String, Object> action = Yaml.load(dir.resolve("action.yml"));
            Map<String, Object> runs = map(action.get("runs"));
            if (!"composite".equals(runs.get("using"))) throw new AssertionError(uses + ": not a composite action");
            Map<String, Object> inputs = new LinkedHashMap<>();
            map(action.get("inputs"))
                    .forEach((k, v) -> inputs.put(k, with.containsKey(k) ? with.get(k) : map(v).get("default")));
            for (String key : with.keySet()) {
                if (!inputs.containsKey(key)) throw new AssertionError(uses + ": unknown input " + key);
            }
            Scope inner = new Scope(inputs, Map.of(), dir.toString());
            boolean failedBefore = job.failed;
            runSteps(list(runs.get("steps")), inner, "none", dir);
            map(action.get("outputs")).forEach((k, v) -> scope.outputs
                    .computeIfAbsent(id, x -> new HashMap<>())
                    .put(k, inner.interpolate(str(map(v).get("value")))));
            return !job.failed || failedBefore;
        }
        String action = uses.substring(0, uses.indexOf('@'));
        job.steps.add(new RehearsedJob.StepRun(name + " (stand-in)", true, 0));
        switch (action) {
            case "actions/checkout", "actions/setup-java" -> {
                return true;
            }
            case "azure/login" -> {
                // OpenID Connect sign-in: the three ids must be passed (from the environment's variables).
                if (!with.keySet().containsAll(List.of("client-id", "tenant-id", "subscription-id")))
                    throw new AssertionError("azure/login without client-id, tenant-id and subscription-id: " + with);
                return true;
            }
            case "actions/cache" -> {
                if (with.get("path").isBlank() || with.get("key").isBlank())
                    throw new AssertionError("cache without path or key");
                return true;
            }
            case "actions/upload-artifact" -> {
                job.uploadArtifact(with.get("name"), Path.of(with.get("path")));
                return true;
            }
            case "dorny/test-reporter" -> {
                Path junit = repo.resolve(with.get("path"));
                if (!Files.exists(junit)) return false;
                try {
                    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
                } catch (Exception e) {
                    throw new AssertionError("test-reporter: cannot read " + junit, e);
                }
                job.testResults.add(junit);
                return true;
            }
            case "actions/github-script" -> {
                return githubScript(with.get("script"), env);
            }
            default -> throw new AssertionError("rehearsal has no stand-in for " + uses);
        }
    }

    /** The script runs in node; the API client records the comment instead of posting it. */
    private boolean githubScript(String script, Map<String, String> env) {
        Path comment = job.scratch.resolve("pr-comment.md");
        String harness = """
                const fs = require('fs');
                const out = process.env.REHEARSAL_COMMENT;
                const github = {
                  paginate: async () => [],
                  rest: { issues: {
                    listComments: 'listComments',
                    createComment: async (a) => fs.writeFileSync(out, a.body),
                    updateComment: async (a) => fs.writeFileSync(out, a.body) } } };
                const context = { runId: 4242, repo: { owner: 'acme', repo: 'app' },
                                  payload: { pull_request: { number: 7 } } };
                (async () => {
                %s
                })().catch(e => { console.error(e); process.exit(1); });
                """.formatted(script);
        Path file = job.writeScript(harness);
        Map<String, String> stepEnv = new LinkedHashMap<>(env);
        stepEnv.put("REHEARSAL_COMMENT", comment.toString());
        int rc = job.run("github-script", List.of("node", file.toString()), stepEnv);
        if (rc == 0 && Files.exists(comment)) {
            try {
                comments.put("7", Files.readString(comment));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rc == 0;
    }

    /** The expression contexts one step sees. */
    private final class Scope {
        final Map<String, Object> inputs;
        final Map<String, Map<String, String>> outputs = new HashMap<>();
        private final String actionPath;

        Scope(Map<String, Object> inputs, Map<String, Object> unused) {
            this(inputs, unused, null);
        }

        Scope(Map<String, Object> inputs, Map<String, Object> unused, String actionPath) {
            this.inputs = inputs;
            this.actionPath = actionPath;
        }

        java.util.Optional<String> actionPath() {
            return java.util.Optional.ofNullable(actionPath);
        }

        String interpolate(String text) {
            return Yaml.interpolate(text, EXPRESSION, this::eval);
        }

        Object eval(String expression) {
            Map<String, Expr.Fn> fns = Map.of(
                    "always", a -> true,
                    "success", a -> !job.failed,
                    "failure", a -> job.failed,
                    "cancelled", a -> false,
                    "hashfiles",
                            a -> a.stream().anyMatch(p -> Files.exists(repo.resolve(Yaml.str(p)))) ? "digest" : "");
            return Expr.eval(expression, this::name, fns);
        }

        private Object name(String path) {
            String[] parts = path.split("\\.", 2);
            String rest = parts.length > 1 ? parts[1] : "";
            return switch (parts[0]) {
                case "inputs" -> {
                    if (!inputs.containsKey(rest)) throw new AssertionError("unknown input " + rest);
                    yield inputs.get(rest);
                }
                case "secrets" -> "";
                case "vars" -> vars.getOrDefault(rest, "");
                case "github" -> {
                    if (rest.equals("action_path")) yield actionPath;
                    if (!github.containsKey(rest)) throw new AssertionError("rehearsal has no github." + rest);
                    yield github.get(rest);
                }
                case "runner" -> job.env.get("RUNNER_" + rest.toUpperCase());
                case "env" -> job.env.get(rest);
                case "steps" -> {
                    String[] s = rest.split("\\.");
                    if (s.length != 3 || !s[1].equals("outputs")) throw new AssertionError("cannot read steps." + rest);
                    yield outputs.getOrDefault(s[0], Map.of()).get(s[2]);
                }
                default -> throw new AssertionError("rehearsal does not know the context of " + path);
            };
        }
    }
}
