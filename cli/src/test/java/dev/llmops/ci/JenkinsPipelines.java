package dev.llmops.ci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;

/**
 * Jenkins pipelines read by the Groovy compiler (to its AST, without Jenkins' classes) and checked for the
 * declarative structure Jenkins enforces: a {@code pipeline} with an {@code agent} and {@code stages}, only known
 * sections at each level, stages named once with exactly one of steps / stages / parallel, known {@code when} and
 * {@code post} conditions, environment entries as plain assignments, steps as step calls only.
 */
final class JenkinsPipelines {

    private static final Set<String> PIPELINE_SECTIONS =
            Set.of("agent", "environment", "options", "parameters", "triggers", "tools", "stages", "post", "libraries");
    private static final Set<String> STAGE_SECTIONS = Set.of(
            "agent",
            "environment",
            "options",
            "when",
            "steps",
            "post",
            "input",
            "tools",
            "stages",
            "parallel",
            "failFast",
            "matrix");
    private static final Set<String> WHEN_CONDITIONS = Set.of(
            "expression",
            "branch",
            "changeRequest",
            "environment",
            "allOf",
            "anyOf",
            "not",
            "triggeredBy",
            "buildingTag",
            "tag",
            "changelog",
            "changeset",
            "equals",
            "beforeAgent",
            "beforeInput",
            "beforeOptions");
    private static final Set<String> POST_CONDITIONS = Set.of(
            "always",
            "changed",
            "fixed",
            "regression",
            "aborted",
            "failure",
            "success",
            "unstable",
            "unsuccessful",
            "cleanup",
            "notBuilt");
    private static final Set<String> PARAMETER_KINDS = Set.of("string", "choice", "booleanParam", "text", "password");

    final List<String> problems = new ArrayList<>();

    /** A parsed Groovy file and its source, for the positions of expressions. */
    record Source(Path file, String text, ModuleNode module) {
        String text(ASTNode node) {
            String[] lines = text.split("\n", -1);
            StringBuilder out = new StringBuilder();
            for (int line = node.getLineNumber(); line <= node.getLastLineNumber(); line++) {
                String l = lines[line - 1];
                int from = line == node.getLineNumber() ? node.getColumnNumber() - 1 : 0;
                int to = line == node.getLastLineNumber() ? node.getLastColumnNumber() - 1 : l.length();
                out.append(l, from, to);
                if (line < node.getLastLineNumber()) out.append('\n');
            }
            return out.toString();
        }
    }

    Optional<Source> parse(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompilationUnit unit = new CompilationUnit();
        SourceUnit source = unit.addSource(file.getFileName().toString(), text);
        try {
            unit.compile(Phases.CONVERSION);
        } catch (CompilationFailedException e) {
            problems.add(file + ": does not compile: " + e.getMessage().strip());
            return Optional.empty();
        }
        return Optional.of(new Source(file, text, source.getAST()));
    }

    /** The statements of the script body and of every method ({@code call} of a library step). */
    static List<Statement> statements(Source source, String method) {
        if (method == null) return source.module().getStatementBlock().getStatements();
        for (ClassNode c : source.module().getClasses()) {
            for (MethodNode m : c.getMethods()) {
                if (m.getName().equals(method) && m.getCode() instanceof BlockStatement b) return b.getStatements();
            }
        }
        throw new AssertionError(source.file() + ": no method " + method);
    }

    /** A step call: {@code name(args) { closure }}. */
    record Call(String name, List<Expression> args, ClosureExpression closure, MethodCallExpression node) {
        List<Statement> body() {
            return closure == null ? List.of() : ((BlockStatement) closure.getCode()).getStatements();
        }
    }

    static Optional<Call> call(Statement statement) {
        if (statement instanceof ExpressionStatement es && es.getExpression() instanceof MethodCallExpression mce) {
            return Optional.of(call(mce));
        }
        if (statement instanceof org.codehaus.groovy.ast.stmt.ReturnStatement rs
                && rs.getExpression() instanceof MethodCallExpression mce) {
            return Optional.of(call(mce));
        }
        return Optional.empty();
    }

    static Call call(MethodCallExpression mce) {
        List<Expression> args = new ArrayList<>(((TupleExpression) mce.getArguments()).getExpressions());
        ClosureExpression closure = null;
        if (!args.isEmpty() && args.get(args.size() - 1) instanceof ClosureExpression c) {
            closure = c;
            args.remove(args.size() - 1);
        }
        return new Call(mce.getMethodAsString(), args, closure, mce);
    }

    /** Finds the {@code pipeline { }} block anywhere in a script or method and checks its structure. */
    Optional<Call> checkDeclarative(Source source, String method) {
        Optional<Call> pipeline = statements(source, method).stream()
                .map(JenkinsPipelines::call)
                .flatMap(Optional::stream)
                .filter(c -> c.name().equals("pipeline"))
                .findFirst();
        if (pipeline.isEmpty()) {
            problems.add(source.file() + ": no pipeline { } block");
            return pipeline;
        }
        Set<String> seen = new HashSet<>();
        for (Statement s : pipeline.get().body()) {
            Optional<Call> section = call(s);
            if (section.isEmpty() || !PIPELINE_SECTIONS.contains(section.get().name())) {
                problems.add(where(source, s) + "not a pipeline section: " + s.getText());
                continue;
            }
            if (!seen.add(section.get().name()))
                problems.add(
                        where(source, s) + "section twice: " + section.get().name());
            switch (section.get().name()) {
                case "stages" -> checkStages(source, section.get());
                case "post" -> checkPost(source, section.get());
                case "environment" -> checkEnvironment(source, section.get());
                case "parameters" ->
                    section.get().body().forEach(p -> {
                        if (call(p).map(c -> !PARAMETER_KINDS.contains(c.name()))
                                .orElse(true)) problems.add(where(source, p) + "not a parameter: " + p.getText());
                    });
                default -> {}
            }
        }
        for (String required : List.of("agent", "stages")) {
            if (!seen.contains(required)) problems.add(source.file() + ": pipeline has no " + required);
        }
        return pipeline;
    }

    private void checkStages(Source source, Call stages) {
        Set<String> names = new HashSet<>();
        for (Statement s : stages.body()) {
            Optional<Call> stage = call(s);
            if (stage.isEmpty()
                    || !stage.get().name().equals("stage")
                    || stage.get().args().size() != 1
                    || !(stage.get().args().get(0) instanceof ConstantExpression name)) {
                problems.add(where(source, s) + "stages may hold only stage('NAME') { }");
                continue;
            }
            if (!names.add(name.getText())) problems.add(where(source, s) + "stage name twice: " + name.getText());
            Set<String> sections = new HashSet<>();
            for (Statement st : stage.get().body()) {
                Optional<Call> section = call(st);
                if (section.isEmpty() || !STAGE_SECTIONS.contains(section.get().name())) {
                    problems.add(where(source, st) + "not a stage section: " + st.getText());
                    continue;
                }
                sections.add(section.get().name());
                if (section.get().name().equals("when")) {
                    for (Statement w : section.get().body()) {
                        if (call(w).map(c -> !WHEN_CONDITIONS.contains(c.name()))
                                .orElse(true)) problems.add(where(source, w) + "not a when condition");
                    }
                }
                if (section.get().name().equals("steps"))
                    checkSteps(source, section.get().body());
                if (section.get().name().equals("post")) checkPost(source, section.get());
                if (section.get().name().equals("stages")) checkStages(source, section.get());
            }
            long bodies = sections.stream()
                    .filter(Set.of("steps", "stages", "parallel", "matrix")::contains)
                    .count();
            if (bodies != 1)
                problems.add(where(source, s) + "stage '" + name.getText()
                        + "' needs exactly one of steps, stages, parallel, matrix");
        }
        if (names.isEmpty()) problems.add(source.file() + ": stages is empty");
    }

    private void checkSteps(Source source, List<Statement> steps) {
        for (Statement s : steps) {
            if (call(s).isEmpty())
                problems.add(where(source, s) + "steps may hold only step calls (use script { } for Groovy): "
                        + s.getText());
        }
    }

    private void checkPost(Source source, Call post) {
        for (Statement s : post.body()) {
            Optional<Call> condition = call(s);
            if (condition.isEmpty() || !POST_CONDITIONS.contains(condition.get().name())) {
                problems.add(where(source, s) + "not a post condition: " + s.getText());
            } else {
                checkSteps(source, condition.get().body());
            }
        }
    }

    private void checkEnvironment(Source source, Call environment) {
        for (Statement s : environment.body()) {
            if (!(s instanceof ExpressionStatement es
                    && es.getExpression() instanceof BinaryExpression be
                    && be.getOperation().getText().equals("=")
                    && be.getLeftExpression() instanceof VariableExpression)) {
                problems.add(where(source, s) + "environment may hold only NAME = value");
            }
        }
    }

    private static String where(Source source, ASTNode node) {
        return source.file() + ":" + node.getLineNumber() + ": ";
    }

    static List<Expression> argumentList(MethodCallExpression mce) {
        return mce.getArguments() instanceof ArgumentListExpression a ? a.getExpressions() : List.of();
    }
}
