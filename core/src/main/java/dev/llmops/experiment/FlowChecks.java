package dev.llmops.experiment;

import dev.llmops.SystemEnv;
import dev.llmops.data.DataSummary;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.flow.FlexNode;
import dev.llmops.flow.Flow;
import dev.llmops.flow.FlowExecutor;
import dev.llmops.flow.FlowInput;
import dev.llmops.flow.FlowLoader;
import dev.llmops.flow.JavaNode;
import dev.llmops.flow.LlmNode;
import dev.llmops.flow.Node;
import dev.llmops.flow.PromptNode;
import dev.llmops.flow.PythonNode;
import dev.llmops.flow.flex.FlexEntry;
import dev.llmops.flow.template.TemplateRenderer;
import dev.llmops.flow.tool.EntryCheck;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.LlmConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The deep part of {@code validate}: loads the standard and evaluator flows and checks the experiment against
 * them (mapping keys, required inputs, {@code ${run.*}} references, llm connections, python and java tools).
 */
final class FlowChecks {

    private final Experiment experiment;
    private final Inspection inspection;
    private final Problems problems;
    private final Map<Path, Optional<DataSummary>> summaries;
    private final BuiltinChecks builtins;
    private FlexChecks flexChecks;
    /** The outputs each checked flex flow's entry promises by its return annotation, when it tells. */
    private final Map<Flow, List<String>> returned = new LinkedHashMap<>();

    FlowChecks(
            Experiment experiment,
            Inspection inspection,
            Problems problems,
            Map<Path, Optional<DataSummary>> summaries) {
        this.experiment = experiment;
        this.inspection = inspection;
        this.problems = problems;
        this.summaries = summaries;
        this.builtins = new BuiltinChecks(problems, inspection.mappingLocations());
    }

    /** Runs every check; the tool checks start runners from {@code runners} only when a flow needs them. */
    void check(SystemEnv env, ToolCheckRunners runners) {
        this.flexChecks = new FlexChecks(experiment, env);
        List<Flow> loaded = new ArrayList<>();
        Optional<Flow> standard = experiment.flow().isBlank() ? Optional.empty() : load(experiment.flowDir());
        standard.ifPresent(flow -> {
            loaded.add(flow);
            for (Dataset d : experiment.datasets()) {
                checkMappings(d, flow, "the flow " + shown(flow));
            }
        });
        for (Evaluator e : experiment.evaluators()) {
            if (e.isBuiltin()) {
                builtins.check(e, inspection.flowLocationOf(e.name(), experiment.experimentFile()));
            } else {
                (PureEvaluatorFlows.applies(experiment, e)
                                ? Optional.of(PureEvaluatorFlows.flow(experiment, e, experiment.name() + "_eval"))
                                : load(e.flowDir(experiment.useCaseDir())))
                        .ifPresent(flow -> {
                            loaded.add(flow);
                            for (Dataset d : e.datasets()) {
                                checkMappings(d, flow, "evaluator '" + e.name() + "' (" + shown(flow) + ")");
                            }
                        });
            }
            standard.filter(flow -> !returnDecides(flow)).ifPresent(flow -> e.datasets()
                    .forEach(d -> checkRunReferences(e, d, flow, flow.outputs().keySet())));
        }
        loaded.forEach(this::checkConnections);
        TemplateRenderer templates = new TemplateRenderer();
        loaded.forEach(flow -> problems.addAll(FlowExecutor.templateProblems(allNodes(flow), templates)));
        loaded.forEach(flow -> flow.flex().ifPresent(f -> problems.addAll(flexChecks.checkInit(f))));
        checkTools(loaded, env, runners);
        // A flex flow that declares no outputs has the ones its entry's return annotation promises, known only now
        standard.filter(FlowChecks::returnDecides)
                .flatMap(flow -> Optional.ofNullable(returned.get(flow)).map(names -> Map.entry(flow, names)))
                .ifPresent(f -> experiment.evaluators().forEach(e -> e.datasets()
                        .forEach(d -> checkRunReferences(e, d, f.getKey(), new LinkedHashSet<>(f.getValue())))));
    }

    /** Whether the flow's outputs are what its flex entry returns, because the flow file declares none. */
    private static boolean returnDecides(Flow flow) {
        return flow.flex().isPresent() && flow.outputs().isEmpty();
    }

    /** The flow, or empty when its folder is missing (reported already) or holds a flow the JVM does not load. */
    private Optional<Flow> load(Path dir) {
        if (!isLoadable(dir)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FlowLoader().load(dir));
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
    }

    private static boolean isLoadable(Path dir) {
        if (Files.isRegularFile(dir)) {
            return dir.getFileName().toString().endsWith(".prompty");
        }
        if (Stream.of("flow.dag.yaml", "flow.dag.yml", "flow.flex.yaml", "flow.flex.yml")
                .anyMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
            return true;
        }
        try (Stream<Path> files = Files.list(dir)) {
            // A folder of eval_*.py files is loaded as run loads it, so validate refuses what run would refuse.
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            return names.stream().anyMatch(n -> n.endsWith(".prompty") || n.startsWith("eval_") && n.endsWith(".py"));
        } catch (IOException e) {
            return false;
        }
    }

    private void checkMappings(Dataset dataset, Flow flow, String what) {
        Set<String> inputs = flow.inputs().keySet();
        dataset.mappings().keySet().forEach(key -> {
            if (!inputs.contains(key) && flow.flex().isPresent()) {
                // Prompt Flow drops inputs a flex entry does not take (the template's function_flows relies on it).
                problems.warning(
                        inspection.mappingLocations().of(dataset, key),
                        "dataset '" + dataset.name() + "': mapping '" + key + "' is not a parameter of the entry of "
                                + what + "; it is dropped",
                        "remove it, or map a parameter: " + (inputs.isEmpty() ? "(none)" : list(inputs)));
            } else if (!inputs.contains(key)) {
                problems.error(
                        inspection.mappingLocations().of(dataset, key),
                        "dataset '" + dataset.name() + "': mapping '" + key + "' is not an input of " + what,
                        Suggestions.closest(key, inputs)
                                .map(c -> "did you mean '" + c + "'? inputs: " + list(inputs))
                                .orElse(inputs.isEmpty() ? "the flow has no inputs" : "inputs: " + list(inputs)));
            }
        });
        Optional<DataSummary> data = summary(dataset);
        for (FlowInput input : flow.inputs().values()) {
            String name = input.name();
            boolean fromColumn = data.map(s -> s.hasColumn(name)).orElse(true);
            if (!input.hasDefault() && !dataset.mappings().containsKey(name) && !fromColumn) {
                problems.error(
                        dataset.location(),
                        "dataset '" + dataset.name() + "': input '" + name + "' of " + what
                                + " has no default, no mapping and no column '" + name + "' in "
                                + (dataset.isRemote()
                                        ? dataset.source()
                                        : experiment
                                                .useCaseDir()
                                                .relativize(data.get().file())),
                        "add to mappings: " + name + ": ${data.<column>}");
            }
        }
    }

    /** The data summary of a dataset (local, or a fetched data asset) already read by the data checks. */
    private Optional<DataSummary> summary(Dataset dataset) {
        return experiment
                .knownDataFile(dataset)
                .flatMap(file -> summaries.getOrDefault(file, Optional.empty()))
                .filter(s -> s.rowCount() > 0);
    }

    private void checkRunReferences(Evaluator evaluator, Dataset dataset, Flow standard, Set<String> outputNames) {
        dataset.mappings().forEach((key, mapping) -> {
            boolean outputs = mapping instanceof Mapping.RunOutput;
            String name =
                    switch (mapping) {
                        case Mapping.RunOutput o -> o.name();
                        case Mapping.RunInput i -> i.name();
                        case Mapping.Column c -> null;
                        case Mapping.Constant c -> null;
                    };
            if (name == null) {
                return;
            }
            Set<String> names = outputs ? outputNames : standard.inputs().keySet();
            if (!names.contains(name)) {
                String kind = outputs ? "output" : "input";
                String flex = standard.flex().isPresent() && outputs
                        ? (standard.outputs().isEmpty()
                                ? " (its outputs are the fields of its entry's return annotation)"
                                : " (its outputs are those " + standard.file().getFileName() + " declares)")
                        : "";
                problems.error(
                        inspection.mappingLocations().of(dataset, key),
                        "evaluator '" + evaluator.name() + "', dataset '" + dataset.name() + "': mapping '" + key
                                + "' reads " + reference(mapping.text()) + ", but the flow " + shown(standard)
                                + " has no " + kind + " '" + name + "'" + flex,
                        Suggestions.closest(name, names)
                                .map(c -> "did you mean '" + c + "'? " + kind + "s: " + list(names))
                                .orElse(
                                        names.isEmpty()
                                                ? "the flow has no " + kind + "s"
                                                : kind + "s: " + list(names)));
            }
        });
    }

    /** {@code ${ run.outputs.x }} as {@code run.outputs.x}. */
    private static String reference(String text) {
        String t = text.strip();
        if (t.startsWith("${") && t.endsWith("}")) {
            t = t.substring(2, t.length() - 1).strip();
        }
        return t;
    }

    private void checkConnections(Flow flow) {
        List<String> defined = experiment.connections().stream()
                .map(ConnectionConfig::name)
                .sorted()
                .toList();
        Set<String> served = new HashSet<>();
        for (Node node : allNodes(flow)) {
            if (!(node instanceof LlmNode llm)) {
                continue;
            }
            Optional<String> name = Optional.ofNullable(llm.connection())
                    .or(() -> llm.prompty().flatMap(p -> p.model().connectionName()));
            name.flatMap(experiment::connection)
                    .filter(c -> served.add(c.name()))
                    .ifPresent(c -> checkServes(c, node, flow));
            name.filter(n -> !defined.contains(n))
                    .ifPresent(n -> problems.error(
                            node.location(),
                            "node '" + node.name() + "' of the flow " + shown(flow) + " uses connection '" + n
                                    + "', which the experiment does not define"
                                    + (defined.isEmpty() ? "" : " (defined: " + String.join(", ", defined) + ")"),
                            Suggestions.closest(n, defined)
                                    .map(c -> "did you mean '" + c + "'?")
                                    .orElse("add a connection named '" + n + "' to the experiment's connections")));
        }
    }

    /**
     * Whether the connection can serve an llm node at all (its type, a usable endpoint URL, a key): the checks the
     * run's chat client makes, which would otherwise fail every line.
     */
    private void checkServes(ConnectionConfig connection, Node node, Flow flow) {
        try {
            LlmConnection.from(connection, experiment.useCaseDir());
        } catch (ConfigException e) {
            for (Problem p : e.problems()) {
                problems.error(
                        node.location(),
                        "node '" + node.name() + "' of the flow " + shown(flow) + ": " + p.message(),
                        p.hint() == null ? "fix the connection in the experiment's connections" : p.hint());
            }
        }
    }

    private void checkTools(List<Flow> flows, SystemEnv env, ToolCheckRunners runners) {
        Map<Flow, List<Node>> python = new LinkedHashMap<>();
        Map<Flow, List<Node>> java = new LinkedHashMap<>();
        for (Flow flow : flows) {
            for (Node node : allNodes(flow)) {
                switch (node) {
                    case PythonNode p ->
                        python.computeIfAbsent(flow, f -> new ArrayList<>()).add(p);
                    case JavaNode j ->
                        java.computeIfAbsent(flow, f -> new ArrayList<>()).add(j);
                    case FlexNode f ->
                        (f.entry().language() == FlexEntry.Language.JAVA ? java : python)
                                .computeIfAbsent(flow, x -> new ArrayList<>())
                                .add(f);
                    case LlmNode l -> {}
                    case PromptNode p -> {}
                }
            }
        }
        if (!python.isEmpty()) {
            try (ToolRunner runner = runners.python().apply(env, experiment.useCaseDir())) {
                // the checks use one worker; the others start meanwhile, for the runs that may follow
                runner.warmUp();
                checkAll(runner, python);
            }
        }
        if (!java.isEmpty()) {
            try (ToolRunner runner = runners.java().get()) {
                checkAll(runner, java);
            }
        }
    }

    private void checkAll(ToolRunner runner, Map<Flow, List<Node>> nodes) {
        try {
            nodes.forEach((flow, list) -> list.forEach(n -> {
                if (n instanceof FlexNode f) {
                    EntryCheck checked = flexChecks.check(runner, f);
                    problems.addAll(checked.problems());
                    checked.outputs().ifPresent(o -> returned.put(flow, o));
                } else {
                    check(runner, flow, n);
                }
            }));
        } catch (ConfigException e) {
            // The runner itself cannot start (no python3 on the PATH): said once, the other checks go on.
            problems.addAll(e.problems());
        }
    }

    private void check(ToolRunner runner, Flow flow, Node node) {
        String source;
        ToolInvocation.SourceType type;
        switch (node) {
            case PythonNode p -> {
                source = p.source();
                type = ToolInvocation.SourceType.CODE;
            }
            case JavaNode j -> {
                source = j.source();
                type = j.sourceType();
            }
            default -> throw new IllegalArgumentException("not a tool node: " + node.name());
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        node.inputs().keySet().forEach(k -> inputs.put(k, null));
        ToolInvocation invocation = new ToolInvocation(
                node.name(),
                flow.dir(),
                source,
                type,
                inputs,
                Map.of(),
                experiment.environmentVariables(),
                node.aggregation());
        problems.addAll(runner.check(invocation));
    }

    /** The nodes with every variant, so that a variant no run selects yet is checked too. */
    private static Collection<Node> allNodes(Flow flow) {
        Set<Node> all = new LinkedHashSet<>(flow.nodes());
        flow.variantNodes().values().forEach(v -> all.addAll(v.values()));
        return all;
    }

    private String shown(Flow flow) {
        Path dir = flow.file().getFileName().toString().endsWith(".prompty") ? flow.file() : flow.dir();
        Path relative = experiment.useCaseDir().relativize(dir.toAbsolutePath().normalize());
        return relative.toString().isEmpty() ? "." : relative.toString();
    }

    private static String list(Collection<String> names) {
        return String.join(", ", names);
    }
}
