package dev.llmops.ci;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;

/**
 * Runs a use case's Jenkinsfile here as a pull-request build: the shared library's declarative pipeline with the
 * Jenkinsfile's arguments, its {@code environment} and {@code when} expressions evaluated by Groovy, the library
 * steps ({@code llmopsSetup}, {@code llmopsMode}, {@code withLlmopsSecrets}) run from their own files, every
 * {@code sh} in a real shell as Jenkins runs it ({@code sh -xe}, or the script's own {@code #!}), {@code warnError}
 * turning a failure into UNSTABLE, and {@code post} steps with stand-ins (junit, archiveArtifacts, publishHTML).
 * Jenkins credentials do not exist here: a {@code withCredentials} that is reached fails the build, as on a Jenkins
 * without them.
 */
final class JenkinsRehearsal {

    private final Path repo;
    private final RehearsedJob job;
    private final JenkinsPipelines pipelines = new JenkinsPipelines();
    private final Map<String, Object> env = new HashMap<>();
    private final Map<String, Object> params = new HashMap<>();
    private Map<?, ?> config;
    private JenkinsPipelines.Source library;
    final Map<String, String> html = new LinkedHashMap<>();

    JenkinsRehearsal(Path repo, RehearsedJob job, Map<String, String> globalEnv) {
        this.repo = repo;
        this.job = job;
        job.env.putAll(globalEnv);
        job.env.put("WORKSPACE", repo.toString());
        job.env.put("BUILD_NUMBER", "42");
        job.env.put("BRANCH_NAME", "PR-7");
        job.env.put("CHANGE_ID", "7");
        job.env.put("JENKINS_URL", "http://jenkins.invalid/");
        env.putAll(job.env);
    }

    /** Runs the Jenkinsfile as a pull-request build with these parameter values. */
    void run(String jenkinsfile, Map<String, String> parameters, Map<String, String> configOverrides) {
        JenkinsPipelines.Source file =
                pipelines.parse(repo.resolve(jenkinsfile)).orElseThrow(() -> new AssertionError(pipelines.problems));
        JenkinsPipelines.Call use = JenkinsPipelines.statements(file, null).stream()
                .map(JenkinsPipelines::call)
                .flatMap(Optional::stream)
                .filter(c -> c.name().equals("llmopsPipeline"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(jenkinsfile + " does not call llmopsPipeline"));
        Map<Object, Object> merged =
                new LinkedHashMap<>((Map<?, ?>) eval(file, use.args().get(0)));
        merged.putAll(configOverrides);
        config = merged;
        library = pipelines
                .parse(repo.resolve(".jenkins/vars/llmopsPipeline.groovy"))
                .orElseThrow(() -> new AssertionError(pipelines.problems));
        JenkinsPipelines.Call pipeline =
                pipelines.checkDeclarative(library, "call").orElseThrow(() -> new AssertionError(pipelines.problems));
        if (!pipelines.problems.isEmpty()) throw new AssertionError(String.join("\n", pipelines.problems));
        Map<String, JenkinsPipelines.Call> sections = new LinkedHashMap<>();
        pipeline.body().forEach(s -> JenkinsPipelines.call(s).ifPresent(c -> sections.put(c.name(), c)));
        for (Statement p : sections.get("parameters").body()) {
            JenkinsPipelines.Call c = JenkinsPipelines.call(p).orElseThrow();
            Map<?, ?> args = (Map<?, ?>) eval(library, c.args().get(0));
            Object value = args.containsKey("defaultValue")
                    ? args.get("defaultValue")
                    : ((List<?>) args.get("choices")).get(0);
            params.put((String) args.get("name"), value);
        }
        params.putAll(parameters);
        for (Statement s : sections.get("environment").body()) {
            BinaryExpression assignment = (BinaryExpression) ((ExpressionStatement) s).getExpression();
            String name = assignment.getLeftExpression().getText();
            String value = String.valueOf(eval(library, assignment.getRightExpression()));
            env.put(name, value);
            job.env.put(name, value);
        }
        for (Statement s : sections.get("stages").body()) {
            JenkinsPipelines.Call stage = JenkinsPipelines.call(s).orElseThrow();
            String name = ((ConstantExpression) stage.args().get(0)).getText();
            if (job.failed) {
                job.skipped(name);
                continue;
            }
            Map<String, JenkinsPipelines.Call> parts = new LinkedHashMap<>();
            stage.body().forEach(st -> JenkinsPipelines.call(st).ifPresent(c -> parts.put(c.name(), c)));
            if (parts.containsKey("when") && !when(parts.get("when"))) {
                job.skipped(name);
                continue;
            }
            if (!steps(library, parts.get("steps").body())) job.failed = true;
        }
        for (Statement s : sections.get("post").body()) {
            JenkinsPipelines.Call condition = JenkinsPipelines.call(s).orElseThrow();
            if (!condition.name().equals("always")) throw new AssertionError("rehearsal runs post { always } only");
            for (Statement st : condition.body()) post(JenkinsPipelines.call(st).orElseThrow());
        }
    }

    private boolean when(JenkinsPipelines.Call when) {
        for (Statement s : when.body()) {
            JenkinsPipelines.Call c = JenkinsPipelines.call(s).orElseThrow();
            if (!c.name().equals("expression"))
                throw new AssertionError("rehearsal evaluates when { expression } only");
            Statement body = c.body().get(0);
            Expression e = ((ExpressionStatement) body).getExpression();
            if (!org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation.castToBoolean(eval(library, e))) {
                return false;
            }
        }
        return true;
    }

    /** Runs steps in order; false when one failed (the rest are not run, as in Jenkins). */
    private boolean steps(JenkinsPipelines.Source source, List<Statement> statements) {
        for (Statement s : statements) {
            JenkinsPipelines.Call c =
                    JenkinsPipelines.call(s).orElseThrow(() -> new AssertionError("not a step: " + s.getText()));
            boolean ok =
                    switch (c.name()) {
                        case "sh" -> sh(String.valueOf(eval(source, c.args().get(0))));
                        case "echo" -> true;
                        case "script" -> steps(source, c.body());
                        case "llmopsSetup" -> {
                            JenkinsPipelines.Source setup = pipelines
                                    .parse(repo.resolve(".jenkins/vars/llmopsSetup.groovy"))
                                    .orElseThrow();
                            yield steps(setup, JenkinsPipelines.statements(setup, "call"));
                        }
                        case "withLlmopsSecrets" ->
                            withLlmopsSecrets(
                                    String.valueOf(eval(source, c.args().get(0))), source, c.body());
                        case "warnError" -> {
                            if (!steps(source, c.body())) {
                                job.withIssues = true;
                                job.warnings.add(
                                        String.valueOf(eval(source, c.args().get(0))));
                            }
                            yield true;
                        }
                        case "withCredentials" -> {
                            job.log.append("ERROR: Could not find credentials (none exist in the rehearsal)\n");
                            yield false;
                        }
                        default -> throw new AssertionError("rehearsal has no stand-in for step " + c.name());
                    };
            if (!ok) return false;
        }
        return true;
    }

    /** Runs the library's own withLlmopsSecrets; its withCredentials fails, as where the credentials are missing. */
    private boolean withLlmopsSecrets(String envName, JenkinsPipelines.Source source, List<Statement> body) {
        Binding binding = new Binding();
        boolean[] result = {false};
        boolean[] bodyRan = {false};
        binding.setVariable("withCredentials", new Closure<Object>(null) {
            @SuppressWarnings("unused")
            public Object doCall(Object bindings, Closure<?> inner) {
                throw new IllegalStateException("ERROR: Could not find credentials entry with ID 'aoai-api-base'");
            }
        });
        binding.setVariable("string", new Closure<Object>(null) {
            @SuppressWarnings("unused")
            public Object doCall(Map<?, ?> args) {
                return args;
            }
        });
        Script script;
        try {
            script = new GroovyShell(binding)
                    .parse(Files.readString(repo.resolve(".jenkins/vars/withLlmopsSecrets.groovy")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            script.invokeMethod("call", new Object[] {
                envName,
                new Closure<Object>(null) {
                    @SuppressWarnings("unused")
                    public Object doCall() {
                        bodyRan[0] = true;
                        result[0] = steps(source, body);
                        return null;
                    }
                }
            });
        } catch (IllegalStateException e) {
            job.log.append(e.getMessage()).append('\n');
            job.errors.add(e.getMessage());
            return false;
        }
        return bodyRan[0] && result[0];
    }

    private boolean sh(String script) {
        Path file = job.writeScript(script);
        List<String> command;
        if (script.startsWith("#!")) {
            file.toFile().setExecutable(true);
            command = List.of(file.toString());
        } else {
            command = List.of("sh", "-xe", file.toString());
        }
        return job.run("sh", command, Map.of()) == 0;
    }

    private void post(JenkinsPipelines.Call c) {
        Map<?, ?> args = c.args().isEmpty()
                ? Map.of()
                : (Map<?, ?>) eval(library, c.args().get(0));
        switch (c.name()) {
            case "junit" -> {
                Path junit = repo.resolve(String.valueOf(args.get("testResults")));
                if (Files.exists(junit)) job.testResults.add(junit);
                else if (!Boolean.TRUE.equals(args.get("allowEmptyResults"))) job.failed = true;
            }
            case "archiveArtifacts" -> {
                for (String pattern : String.valueOf(args.get("artifacts")).split(",")) {
                    String dir = pattern.strip().replaceAll("/\\*\\*$", "");
                    if (Files.isDirectory(repo.resolve(dir))) job.uploadArtifact("archive/" + dir, Path.of(dir));
                }
            }
            case "publishHTML" -> {
                Map<?, ?> target = (Map<?, ?>) args.get("target");
                Path page = repo.resolve(String.valueOf(target.get("reportDir")))
                        .resolve(String.valueOf(target.get("reportFiles")));
                if (Files.exists(page)) html.put(String.valueOf(target.get("reportName")), page.toString());
                else if (!Boolean.TRUE.equals(target.get("allowMissing"))) job.failed = true;
            }
            default -> throw new AssertionError("rehearsal has no stand-in for post step " + c.name());
        }
    }

    /** Evaluates one expression of a Groovy source with the pipeline's config, params and env. */
    private Object eval(JenkinsPipelines.Source source, Expression expression) {
        if (expression instanceof ConstantExpression ce) return ce.getValue();
        if (expression instanceof MapExpression me) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (MapEntryExpression entry : me.getMapEntryExpressions()) {
                out.put(eval(source, entry.getKeyExpression()), eval(source, entry.getValueExpression()));
            }
            return out;
        }
        Binding binding = new Binding();
        binding.setVariable("config", config == null ? Map.of() : config);
        binding.setVariable("params", params);
        binding.setVariable("env", env);
        binding.setVariable("llmopsMode", new Closure<Object>(null) {
            @SuppressWarnings("unused")
            public Object doCall() {
                return mode();
            }
        });
        return new GroovyShell(binding).evaluate(source.text(expression));
    }

    /** The library's own llmopsMode, run with this build's params and env. */
    private Object mode() {
        Binding binding = new Binding();
        binding.setVariable("params", params);
        binding.setVariable("env", env);
        binding.setVariable("currentBuild", new Object() {
            @SuppressWarnings("unused")
            public List<Object> getBuildCauses(String type) {
                return List.of();
            }
        });
        try {
            Script script =
                    new GroovyShell(binding).parse(Files.readString(repo.resolve(".jenkins/vars/llmopsMode.groovy")));
            return script.invokeMethod("call", new Object[0]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
