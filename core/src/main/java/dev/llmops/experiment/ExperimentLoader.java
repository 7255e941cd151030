package dev.llmops.experiment;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.experiment.gate.Gate;
import dev.llmops.experiment.gate.GateParser;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.secret.Placeholders;
import dev.llmops.secret.SecretMasker;
import dev.llmops.secret.Variables;
import dev.llmops.yaml.YLocation;
import dev.llmops.yaml.YNode;
import dev.llmops.yaml.YNode.YList;
import dev.llmops.yaml.YNode.YMap;
import dev.llmops.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads an experiment: the base file, its environment overlay, connections and {@code environment/env.yaml} with
 * placeholders resolved. Every problem is collected and reported at once.
 */
public final class ExperimentLoader {

    static final Set<String> TOP_KEYS =
            Set.of("name", "flow", "connections", "datasets", "evaluators", "runtime", "gates");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    /**
     * Loads and resolves an experiment. Every secret resolved is registered with {@code masker}.
     *
     * @throws ConfigException with every error (and the warnings) when the experiment is not valid
     */
    public LoadedExperiment load(ExperimentRequest request, SystemEnv env, SecretMasker masker) {
        Inspection inspection = inspect(request, env, masker);
        if (inspection.problems().hasErrors()) {
            throw inspection.problems().toException();
        }
        List<Problem> warnings = new ArrayList<>(inspection.problems().warnings());
        inspection
                .dangling()
                .forEach(p -> warnings.add(Problem.warning(p.file(), p.line(), p.column(), p.message(), p.hint())));
        return new LoadedExperiment(inspection.experiment(), warnings, inspection.dangling());
    }

    Inspection inspect(ExperimentRequest request, SystemEnv env, SecretMasker masker) {
        Problems problems = new Problems(env.workingDir());
        MappingLocations mappingLocations = new MappingLocations();
        Path dir = env.workingDir().resolve(request.useCaseDir()).normalize();
        if (!Files.isDirectory(dir)) {
            throw ConfigException.at(
                    problems.shown(dir),
                    0,
                    0,
                    "use-case folder not found",
                    "pass --use-case with the folder holding experiment.yaml");
        }
        Path file = dir.resolve(request.fileName()).normalize();
        if (!Files.isRegularFile(file)) {
            throw ConfigException.at(
                    problems.shown(file), 0, 0, "experiment file not found", missingFileHint(dir, request));
        }
        Optional<YNode> root = readYaml(file, problems);
        Variables variables;
        try {
            variables = Variables.forUseCase(env, dir);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            variables = new Variables(env, List.of());
        }
        variables
                .filledSamples()
                .forEach(sample -> problems.warning(
                        YLocation.unknown(sample),
                        "values are read from " + sample.getFileName() + " (after every .env, the real environment"
                                + " first); a sample file is usually committed",
                        "copy it to .env (git-ignored) and leave the sample's values empty"));
        String envName = envName(request, variables);
        Optional<YMap> overlay = Optional.empty();
        if (envName != null) {
            overlay = readOverlay(file, envName, problems);
        }
        if (root == null) {
            return new Inspection(problems, mappingLocations);
        }
        if (root.isEmpty() || Nodes.isNull(root.get())) {
            problems.error(
                    new YLocation(file, 1, 1),
                    "the experiment file is empty",
                    "write at least name: and datasets:; docs/experiment.md describes the file");
            return new Inspection(problems, mappingLocations);
        }
        if (!(root.get() instanceof YMap base)) {
            problems.error(
                    root.get().location(),
                    "an experiment must be a mapping with name, flow, datasets, ..., found " + Nodes.kind(root.get()),
                    "see docs/experiment.md for the layout");
            return new Inspection(problems, mappingLocations);
        }
        SecretPolicy policy = request.resolveSecrets() ? SecretPolicy.REQUIRED : SecretPolicy.WARN;
        Placeholders placeholders = new Placeholders(variables, masker);
        Builder builder = new Builder(problems, placeholders, mappingLocations, request.connections());
        boolean connectionsReplaced = overlay.map(o -> o.has("connections")).orElse(false);
        builder.base(base, file, policy, connectionsReplaced);
        overlay.ifPresent(o -> builder.overlay(o, base, policy));
        Map<String, String> environment = new EnvironmentFile(problems, variables, placeholders, policy).load(dir);
        List<ConnectionConfig> connections = new ConnectionSettings(problems, variables, env, masker)
                .apply(builder.connections, builder.apiBaseLocations, request.connections(), file);
        Experiment experiment = new Experiment(
                builder.name,
                builder.flow,
                dir,
                file,
                envName,
                connections,
                builder.datasets,
                builder.evaluators,
                builder.runtime,
                environment,
                builder.gates);
        List<Problem> dangling = dangling(experiment, overlay.isPresent()).stream()
                .map(problems::relative)
                .toList();
        return new Inspection(
                experiment,
                problems,
                dangling,
                mappingLocations,
                builder.flowLocation,
                builder.evaluatorParser.flowLocations());
    }

    /** The overlay name: the request's, else {@code ENV_NAME} from the environment or a {@code .env} file. */
    private static String envName(ExperimentRequest request, Variables variables) {
        String name = request.envName();
        if (name == null || name.isBlank()) {
            name = variables.get("ENV_NAME").filter(v -> !v.isBlank()).orElse(null);
        }
        if (name == null) {
            return null;
        }
        name = name.strip();
        if (!ENV_NAME.matcher(name).matches()) {
            throw ConfigException.of(
                    "invalid environment name '" + name + "'",
                    "use letters, digits, '_', '-' or '.', e.g. --env dev (it selects experiment.<env>.yaml)");
        }
        return name;
    }

    private static String missingFileHint(Path dir, ExperimentRequest request) {
        List<String> yamls;
        try (Stream<Path> files = Files.list(dir)) {
            yamls = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            yamls = List.of();
        }
        return Suggestions.closest(request.fileName(), yamls)
                .map(n -> "did you mean --file " + n + "?")
                .orElse("pass --use-case with the use-case folder, or --file with the experiment file name");
    }

    /** The parsed file, {@code Optional.empty()} for an empty file, or null when it could not be parsed. */
    private static Optional<YNode> readYaml(Path file, Problems problems) {
        try {
            return YamlReader.read(file);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private static Optional<YMap> readOverlay(Path file, String envName, Problems problems) {
        Path overlayFile = ExperimentFiles.overlayOf(file, envName);
        if (!Files.isRegularFile(overlayFile)) {
            problems.warning(
                    YLocation.unknown(overlayFile),
                    "no overlay file for environment '" + envName + "'; using " + file.getFileName() + " as is",
                    "create " + overlayFile.getFileName() + ", or check --env / ENV_NAME");
            return Optional.empty();
        }
        Optional<YNode> node = readYaml(overlayFile, problems);
        if (node == null || node.isEmpty() || Nodes.isNull(node.get())) {
            return Optional.empty();
        }
        if (node.get() instanceof YMap map) {
            return Optional.of(map);
        }
        problems.error(
                node.get().location(),
                "an overlay must be a mapping of the blocks it replaces, found " + Nodes.kind(node.get()),
                "write datasets:, evaluators:, connections: or runtime: at the top level");
        return Optional.empty();
    }

    private static List<Problem> dangling(Experiment experiment, boolean overlaid) {
        Set<String> names = new java.util.HashSet<>();
        experiment.datasets().forEach(d -> names.add(d.name()));
        String overlayName =
                experiment.overlayFile().map(p -> p.getFileName().toString()).orElse("the overlay");
        List<Problem> out = new ArrayList<>();
        for (Evaluator e : experiment.evaluators()) {
            for (Dataset d : e.datasets()) {
                String standard = d.standardDatasetName();
                if (!names.contains(standard)) {
                    YLocation at = d.location();
                    out.add(Problem.error(
                            at.file(),
                            at.line(),
                            at.column(),
                            "evaluator '" + e.name() + "' dataset '" + d.name() + "' applies to dataset '" + standard
                                    + "', which " + (overlaid ? overlayName + " removed" : "does not exist")
                                    + ", so it would never run",
                            "add an evaluators: block to " + overlayName
                                    + ", empty to switch evaluation off, or keep dataset '" + standard
                                    + "' there"));
                }
            }
        }
        return out;
    }

    /** Holds the blocks while the base file and then the overlay are applied. */
    private static final class Builder {
        private final Problems problems;
        private final Nodes nodes;
        private final Placeholders placeholders;
        private final DatasetParser datasetParser;
        private final EvaluatorParser evaluatorParser;

        String name = "";
        String flow = "";
        String runtime;
        YLocation flowLocation;
        List<Dataset> datasets = List.of();
        List<Evaluator> evaluators = List.of();
        List<ConnectionConfig> connections = List.of();
        List<Gate> gates = List.of();
        Map<String, YLocation> apiBaseLocations = Map.of();
        Map<String, Dataset> validationMap = Map.of();
        private final ConnectionOverrides overrides;

        Builder(
                Problems problems,
                Placeholders placeholders,
                MappingLocations mappingLocations,
                ConnectionOverrides overrides) {
            this.overrides = overrides;
            this.problems = problems;
            this.nodes = new Nodes(problems);
            this.placeholders = placeholders;
            this.datasetParser = new DatasetParser(problems, mappingLocations);
            this.evaluatorParser = new EvaluatorParser(problems, datasetParser);
        }

        void base(YMap base, Path file, SecretPolicy policy, boolean connectionsReplaced) {
            nodes.unknownKeys(base, TOP_KEYS, "experiment");
            name = nodes.requiredText(base, "name", "experiment", "my_experiment")
                    .orElse("");
            String flowText = nodes.text(base, "flow", "experiment");
            flow = flowText == null || flowText.isBlank() ? name : flowText.strip();
            flowLocation = base.has("flow") ? base.get("flow").location() : base.locationOf("name");
            runtime = nodes.text(base, "runtime", "experiment");
            YNode ds = base.get("datasets");
            Optional<YList> list = nodes.list(ds, "datasets", "datasets: [{name: ..., source: ..., mappings: ...}]");
            if (list.isEmpty() && Nodes.isNull(ds)
                    || list.isPresent() && list.get().items().isEmpty()) {
                problems.error(
                        base.has("datasets") ? base.locationOf("datasets") : new YLocation(file, 1, 1),
                        "the experiment has no datasets",
                        "add datasets: with at least one entry holding name, source and mappings");
            }
            datasets = list.map(datasetParser::standardDatasets).orElse(List.of());
            validationMap = byName(datasets);
            evaluators = nodes.list(base.get("evaluators"), "evaluators", "evaluators: [{name: ..., datasets: ...}]")
                    .map(l -> evaluatorParser.evaluators(l, validationMap))
                    .orElse(List.of());
            SecretPolicy connectionPolicy = connectionsReplaced ? SecretPolicy.IGNORE : policy;
            connections = connections(base, connectionPolicy);
            gates = gates(base, file);
        }

        private List<ConnectionConfig> connections(YMap map, SecretPolicy policy) {
            ConnectionParser parser = new ConnectionParser(problems, placeholders, policy, overrides);
            List<ConnectionConfig> parsed = nodes.list(
                            map.get("connections"), "connections", "connections: [{name: ..., ...}]")
                    .map(parser::connections)
                    .orElse(List.of());
            apiBaseLocations = parser.apiBaseLocations();
            return parsed;
        }

        /** An overlay's {@code gates:} replaces the base block, like every other top-level key. */
        private List<Gate> gates(YMap map, Path file) {
            if (!map.has("gates")) {
                return List.of();
            }
            List<Problem> found = new ArrayList<>();
            List<Gate> parsed = GateParser.block(map.get("gates"), file, found);
            problems.addAll(found);
            return parsed;
        }

        void overlay(YMap overlay, YMap base, SecretPolicy policy) {
            nodes.unknownKeys(overlay, TOP_KEYS, "overlay");
            for (String fixed : List.of("name", "flow")) {
                if (overlay.has(fixed)) {
                    problems.warning(
                            overlay.locationOf(fixed),
                            "overlay: '" + fixed + "' is ignored; it always comes from "
                                    + base.location().file().getFileName(),
                            "remove it from the overlay");
                }
            }
            if (overlay.has("datasets")) {
                datasets = nodes.list(overlay.get("datasets"), "datasets", "datasets: [{name: ..., ...}]")
                        .map(datasetParser::standardDatasets)
                        .orElse(List.of());
                YNode block = overlay.get("datasets");
                boolean empty = Nodes.isNull(block)
                        || block instanceof YList l && l.items().isEmpty();
                if (empty) {
                    problems.warning(
                            overlay.locationOf("datasets"),
                            "overlay: 'datasets' is empty, so the experiment has no datasets to run",
                            "list the datasets for this environment, or remove the key to keep the base ones");
                } else if (!datasets.isEmpty()) {
                    validationMap = byName(datasets);
                }
            }
            if (overlay.has("datasets") && !overlay.has("evaluators")) {
                evaluators = evaluators.stream().map(this::rebind).toList();
            }
            if (overlay.has("evaluators")) {
                evaluators = nodes.list(overlay.get("evaluators"), "evaluators", "evaluators: [{name: ..., ...}]")
                        .map(l -> evaluatorParser.evaluators(l, validationMap))
                        .orElse(List.of());
            }
            if (overlay.has("connections")) {
                connections = connections(overlay, policy);
            }
            if (overlay.has("gates")) {
                gates = gates(overlay, overlay.location().file());
            }
            if (overlay.has("runtime")) {
                runtime = nodes.text(overlay, "runtime", "overlay");
            }
        }

        /**
         * Base evaluators kept under an overlay that replaced the datasets: a reused dataset follows the overlay's
         * dataset of the same name (its file), since the evaluation runs on the data of the run it evaluates.
         */
        private Evaluator rebind(Evaluator evaluator) {
            Map<String, Dataset> current = byName(datasets);
            List<Dataset> rebound = evaluator.datasets().stream()
                    .map(d -> {
                        Dataset standard = d.isEvaluation() ? null : current.get(d.name());
                        return standard == null
                                ? d
                                : new Dataset(
                                        d.name(),
                                        standard.source(),
                                        standard.description(),
                                        null,
                                        d.mappings(),
                                        d.location(),
                                        standard.asset());
                    })
                    .toList();
            return new Evaluator(evaluator.name(), evaluator.flow(), rebound);
        }

        private static Map<String, Dataset> byName(List<Dataset> list) {
            Map<String, Dataset> out = new LinkedHashMap<>();
            list.forEach(d -> out.putIfAbsent(d.name(), d));
            return out;
        }
    }
}
