package dev.llmops.experiment;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.flow.FlexNode;
import dev.llmops.flow.flex.FlexEntry;
import dev.llmops.flow.flex.FlexInit;
import dev.llmops.flow.flex.FlexSettings;
import dev.llmops.flow.python.Requirements;
import dev.llmops.flow.tool.EntryCheck;
import dev.llmops.flow.tool.EntryInvocation;
import dev.llmops.flow.tool.ModelGateway;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.yaml.YLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validate's checks of a flex flow: its init parameters resolve and name defined connections (offline), and its
 * entry imports and binds in the worker (python) or compiles (java), as the run would do it.
 */
final class FlexChecks {

    private final Experiment experiment;
    private final SystemEnv env;

    FlexChecks(Experiment experiment, SystemEnv env) {
        this.experiment = experiment;
        this.env = env;
    }

    /** Init sources readable, required parameters given, connections defined. */
    List<Problem> checkInit(FlexNode node) {
        List<Problem> problems = new ArrayList<>();
        FlexEntry entry = node.entry();
        if (!entry.isClass()) {
            return problems;
        }
        Map<String, Object> init;
        try {
            init = FlexInit.resolve(entry, FlexSettings.of(Map.of(), env.variables()));
        } catch (ConfigException e) {
            return e.problems();
        }
        entry.init().values().forEach(p -> {
            if (!p.hasDefault() && !init.containsKey(p.name())) {
                problems.add(Problem.error(
                        entry.file(),
                        node.location().line(),
                        node.location().column(),
                        "entry '" + entry.entry() + "' needs init parameter '" + p.name() + "', which no init source"
                                + " gives",
                        "add it to init.json beside the flow, give a default under init: in the flow file, or pass"
                                + " --init " + p.name() + "=VALUE"));
            }
        });
        init.forEach((k, v) -> connectionName(entry, k, v)
                .filter(n -> connection(n).isEmpty())
                .ifPresent(n -> problems.add(Problem.error(
                        entry.file(),
                        node.location().line(),
                        node.location().column(),
                        "init parameter '" + k + "' of entry '" + entry.entry() + "' uses connection '" + n
                                + "', which the experiment does not define",
                        "add a connection named '" + n + "' to the experiment's connections"))));
        return problems;
    }

    /**
     * Imports the entry and binds the flow's inputs and the init in a worker, without building or calling it;
     * checks the outputs {@code flow.flex.yaml} declares against the entry's return annotation.
     *
     * @return the problems, and the outputs the return annotation promises (when it tells)
     */
    EntryCheck check(ToolRunner runner, FlexNode node) {
        FlexEntry entry = node.entry();
        Map<String, Object> init;
        try {
            init = entry.isClass() ? FlexInit.resolve(entry, FlexSettings.of(Map.of(), env.variables())) : Map.of();
        } catch (ConfigException e) {
            return EntryCheck.of(List.of()); // reported by checkInit
        }
        Map<String, ConnectionConfig> connections = new LinkedHashMap<>();
        init.forEach((k, v) ->
                connectionName(entry, k, v).flatMap(this::connection).ifPresent(c -> connections.put(c.name(), c)));
        Map<String, String> types = new LinkedHashMap<>();
        entry.init().values().forEach(p -> {
            if (p.type() != null) {
                types.put(p.name(), p.type());
            }
        });
        Map<String, Object> inputs = new LinkedHashMap<>();
        node.inputs().keySet().forEach(k -> inputs.put(k, null));
        String source = entry.source();
        EntryCheck checked =
                runner.checkEntry(invocation(EntryInvocation.Op.CHECK, node, source, init, types, inputs, connections));
        List<Problem> problems = new ArrayList<>(checked.problems());
        if (entry.language() == FlexEntry.Language.PYTHON && problems.isEmpty()) {
            problems.addAll(declaredOutputs(entry, checked));
            problems.addAll(requirements(runner, node, source));
        }
        return new EntryCheck(problems, checked.outputs(), checked.returns());
    }

    /**
     * The outputs {@code flow.flex.yaml} declares must be what the entry returns: a declared output the return type
     * lacks would be missing on every line (and an evaluator mapping it would read nothing).
     */
    private static List<Problem> declaredOutputs(FlexEntry entry, EntryCheck checked) {
        if (entry.outputs().isEmpty() || checked.outputs().isEmpty()) {
            return List.of();
        }
        List<String> fields = checked.outputs().get();
        String returns = checked.returns().orElse("its return type");
        String function = entry.isClass() ? entry.symbol() + ".__call__" : entry.symbol();
        boolean bare = fields.equals(List.of("output"));
        List<Problem> problems = new ArrayList<>();
        entry.outputs().forEach((name, at) -> {
            if (!fields.contains(name)) {
                problems.add(Problem.error(
                        entry.file(),
                        at.line(),
                        at.column(),
                        "output '" + name + "' is declared in " + entry.file().getFileName() + ", but " + function
                                + "() returns " + returns
                                + (bare
                                        ? ", a single value, which is the output 'output'"
                                        : " with fields " + String.join(", ", fields)),
                        bare
                                ? "rename the output to 'output', or return a TypedDict or dataclass with a field '"
                                        + name + "'"
                                : Suggestions.closest(name, fields)
                                                .map(c -> "did you mean '" + c + "'? ")
                                                .orElse("")
                                        + "declare the outputs " + returns + " has (" + String.join(", ", fields)
                                        + "), or add a field '" + name + "' to " + returns));
            }
        });
        fields.stream().filter(f -> !entry.outputs().containsKey(f)).forEach(f -> {
            YLocation first = entry.outputs().values().iterator().next();
            problems.add(Problem.warning(
                    entry.file(),
                    first.line(),
                    first.column(),
                    function + "() returns the field '" + f + "' (" + returns + "), which "
                            + entry.file().getFileName() + " does not declare under outputs",
                    "declare it (" + f + ": {type: string}); runs record it either way"));
        });
        return problems;
    }

    /** Warns about packages of the flow's requirements file the interpreter lacks, with the command to add them. */
    private List<Problem> requirements(ToolRunner runner, FlexNode node, String source) {
        FlexEntry entry = node.entry();
        if (entry.requirements().isEmpty()) {
            return List.of();
        }
        java.nio.file.Path file = entry.requirementsFile().orElseThrow();
        List<String> names = Requirements.names(file);
        if (names.isEmpty()) {
            return List.of();
        }
        try {
            Object output = runner.invokeEntry(invocation(
                            EntryInvocation.Op.REQUIREMENTS,
                            node,
                            source,
                            Map.of(),
                            Map.of(),
                            Map.of("requirements", names),
                            Map.of()))
                    .output();
            if (!(output instanceof Map<?, ?> m)
                    || !(m.get("missing") instanceof List<?> missing)
                    || missing.isEmpty()) {
                return List.of();
            }
            String python = String.valueOf(m.get("python"));
            return List.of(Problem.warning(
                    file,
                    0,
                    0,
                    "the flow's requirements are not all installed for " + python + ": missing "
                            + String.join(
                                    ", ", missing.stream().map(String::valueOf).toList()),
                    "install them with: " + python + " -m pip install -r " + file
                            + " (or point LLMOPS_PYTHON at an interpreter that has them; llmops installs nothing)"));
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private EntryInvocation invocation(
            EntryInvocation.Op op,
            FlexNode node,
            String source,
            Map<String, Object> init,
            Map<String, String> types,
            Map<String, Object> inputs,
            Map<String, ConnectionConfig> connections) {
        FlexEntry entry = node.entry();
        return new EntryInvocation(
                op,
                node.name(),
                entry.dir(),
                entry.module(),
                entry.symbol(),
                source,
                "validate",
                init,
                types,
                inputs,
                List.of(),
                connections,
                experiment.environmentVariables(),
                ModelGateway.NONE,
                false,
                entry.language() == FlexEntry.Language.PYTHON ? entry.requirementsFile() : Optional.empty());
    }

    private static Optional<String> connectionName(FlexEntry entry, String key, Object value) {
        if (value instanceof Map<?, ?> m && m.get("connection") instanceof String s) {
            return Optional.of(s);
        }
        FlexEntry.InitParam p = entry.init().get(key);
        if (value instanceof String s
                && p != null
                && p.type() != null
                && p.type().endsWith("Connection")) {
            return Optional.of(s);
        }
        return Optional.empty();
    }

    private Optional<ConnectionConfig> connection(String name) {
        return experiment.connections().stream()
                .filter(c -> c.name().equals(name))
                .findFirst();
    }
}
