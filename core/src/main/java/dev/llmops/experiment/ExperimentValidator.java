package dev.llmops.experiment;

import dev.llmops.SystemEnv;
import dev.llmops.data.DataReader;
import dev.llmops.data.DataSummary;
import dev.llmops.error.ConfigException;
import dev.llmops.experiment.gate.Gate;
import dev.llmops.flow.ToolRunners;
import dev.llmops.secret.SecretMasker;
import dev.llmops.yaml.YLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks everything about an experiment that can be checked without calling a model: the configuration (via
 * {@link ExperimentLoader}), required secrets, flow folders, data files and the columns their mappings read,
 * evaluators left dangling by an overlay, and (see {@link FlowChecks}) the flows themselves: mapping keys against
 * flow inputs, {@code ${run.outputs.x}} against the standard flow's outputs, llm connections, built-in evaluator
 * names, and whether python and java tools load; and (see {@link GateChecks}) the gates against the metrics the
 * evaluators log. Reports every problem at once.
 */
public final class ExperimentValidator {

    private static final List<String> FLOW_FILES =
            List.of("flow.dag.yaml", "flow.dag.yml", "flow.flex.yaml", "flow.flex.yml");

    private final ExperimentLoader loader;
    private final DataReader reader;
    private final ToolCheckRunners runners;

    /** With the real tool runners: python tools are imported by {@code python3}, java tools compiled. */
    public ExperimentValidator(ExperimentLoader loader, DataReader reader) {
        this(loader, reader, ToolCheckRunners.defaults());
    }

    public ExperimentValidator(ExperimentLoader loader, DataReader reader, ToolCheckRunners runners) {
        this.loader = loader;
        this.reader = reader;
        this.runners = runners;
    }

    /**
     * Validates an experiment; secrets are always required.
     *
     * @throws ConfigException listing every error, followed by the warnings
     */
    public ValidationResult validate(ExperimentRequest request, SystemEnv env, SecretMasker masker) {
        Inspection inspection = loader.inspect(request.withResolveSecrets(true), env, masker);
        Problems problems = inspection.problems();
        Experiment loaded = inspection.experiment();
        // azureml: sources first: the data checks below read their cached copies
        Experiment experiment =
                loaded == null ? null : loaded.withAssets(new AssetChecks(loaded, env, masker, problems).fetch());
        if (experiment != null) {
            Path file = experiment.experimentFile();
            if (!experiment.flow().isBlank()) { // blank only when 'name' is missing, which is reported already
                checkFlow(
                        experiment.flowDir(),
                        "flow of experiment '" + experiment.name() + "'",
                        inspection.flowLocationOf(null, file),
                        experiment,
                        problems);
            }
            for (Evaluator e : experiment.evaluators()) {
                if (e.isBuiltin()) {
                    continue; // no folder; FlowChecks checks the name and the mappings
                }
                checkFlow(
                        e.flowDir(experiment.useCaseDir()),
                        "flow of evaluator '" + e.name() + "'",
                        inspection.flowLocationOf(e.name(), file),
                        experiment,
                        problems);
            }
            Map<Path, Optional<DataSummary>> summaries = new HashMap<>();
            experiment.datasets().forEach(d -> checkData(d, experiment, summaries, inspection, problems));
            experiment.evaluators().forEach(e -> e.datasets()
                    .forEach(d -> checkData(d, experiment, summaries, inspection, problems)));
            inspection.dangling().forEach(problems::add);
            new FlowChecks(experiment, inspection, problems, summaries).check(env, runners);
            new GateChecks(experiment, experiment.gates(), problems).check();
        }
        if (problems.hasErrors()) {
            throw problems.toException();
        }
        return new ValidationResult(experiment, problems.warnings());
    }

    /**
     * The preflight of every command that runs flows ({@code run}, {@code eval}, {@code experiment}): exactly the
     * checks of {@code validate}, before the first model call, so that validate and run accept and refuse the same
     * experiments at the same {@code file:line:col}.
     *
     * @return the experiment, with its secrets, ready to run
     * @throws ConfigException listing every error, as {@code validate} prints them
     */
    public static Experiment preflight(ExperimentRequest request, SystemEnv env, SecretMasker masker) {
        return new ExperimentValidator(new ExperimentLoader(), new DataReader())
                .validate(request, env, masker)
                .experiment();
    }

    /**
     * The preflight with the command's shared tool runners: the python workers that check the flows stay up and
     * run their lines next.
     */
    public static Experiment preflight(
            ExperimentRequest request, SystemEnv env, SecretMasker masker, ToolRunners tools) {
        return new ExperimentValidator(new ExperimentLoader(), new DataReader(), ToolCheckRunners.shared(tools))
                .validate(request, env, masker)
                .experiment();
    }

    /**
     * The gate checks of {@code validate} alone, for the commands that judge gates: run before any model call, so
     * that a gate naming a metric no evaluator logs costs nothing.
     *
     * @param gates the experiment's gates and the command line's
     * @throws ConfigException listing every gate problem
     */
    public static void checkGates(Experiment experiment, List<Gate> gates, SystemEnv env) {
        Problems problems = new Problems(env.workingDir());
        new GateChecks(experiment, gates, problems).check();
        if (problems.hasErrors()) {
            throw problems.toException();
        }
    }

    private static void checkFlow(Path dir, String what, YLocation at, Experiment experiment, Problems problems) {
        if (Files.isRegularFile(dir) && dir.getFileName().toString().endsWith(".prompty")) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            problems.error(
                    at,
                    what + ": folder " + experiment.useCaseDir().relativize(dir) + " not found",
                    "create it, or fix 'flow'; it is relative to the use-case folder");
            return;
        }
        if (FLOW_FILES.stream().anyMatch(f -> Files.isRegularFile(dir.resolve(f))) || hasFlowSource(dir)) {
            return;
        }
        problems.error(
                at,
                what + ": folder " + experiment.useCaseDir().relativize(dir) + " holds no flow",
                "add flow.dag.yaml or flow.flex.yaml, a .prompty file, or eval_*.py files for a pure-python evaluator");
    }

    private static boolean hasFlowSource(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString().toLowerCase(Locale.ROOT))
                    .anyMatch(n -> n.endsWith(".prompty") || n.startsWith("eval_") && n.endsWith(".py"));
        } catch (IOException e) {
            return false;
        }
    }

    private void checkData(
            Dataset dataset,
            Experiment experiment,
            Map<Path, Optional<DataSummary>> summaries,
            Inspection inspection,
            Problems problems) {
        Optional<Path> known = experiment.knownDataFile(dataset);
        if (known.isEmpty()) {
            return; // an azureml: source that could not be fetched: AssetChecks said why
        }
        Path file = known.get();
        Optional<DataSummary> summary =
                summaries.computeIfAbsent(file, f -> summarize(dataset, f, experiment, problems));
        if (summary.isEmpty()) {
            return;
        }
        DataSummary s = summary.get();
        String shown = dataset.isRemote()
                ? experiment.asset(dataset).orElseThrow().label()
                : experiment.useCaseDir().relativize(file).toString();
        dataset.mappings().forEach((input, mapping) -> {
            if (!(mapping instanceof Mapping.Column c)) {
                return;
            }
            String column = c.column();
            YLocation at = inspection.mappingLocations().of(dataset, input);
            if (!s.hasColumn(column) && s.rowCount() > 0) {
                problems.error(
                        at,
                        "dataset '" + dataset.name() + "': mapping '" + input + "' reads column '" + column
                                + "', which " + shown + " does not have",
                        Suggestions.hint(column, s.columns(), "columns: " + String.join(", ", s.columns())));
            } else if (s.rowsMissing(column) > 0 && s.rowCount() > 0) {
                problems.warning(
                        at,
                        "dataset '" + dataset.name() + "': column '" + column + "' is missing in "
                                + s.rowsMissing(column) + " of " + s.rowCount() + " rows of " + shown,
                        "those lines will fail; add the column to every row");
            }
        });
    }

    private Optional<DataSummary> summarize(Dataset dataset, Path file, Experiment experiment, Problems problems) {
        YLocation at = dataset.location();
        if (!Files.isRegularFile(file)) {
            Path direct = experiment.useCaseDir().resolve(dataset.source()).normalize();
            problems.error(
                    at,
                    "dataset '" + dataset.name() + "': data file '" + dataset.source() + "' not found (looked for "
                            + experiment.useCaseDir().relativize(direct) + " and "
                            + experiment.useCaseDir().relativize(file) + ")",
                    "fix 'source'; it is relative to the use-case folder, with data/ tried second");
            return Optional.empty();
        }
        try {
            DataSummary summary = reader.summarize(file);
            if (summary.rowCount() == 0) {
                // run refuses a dataset without rows, so validate does too
                problems.error(
                        at,
                        "dataset '" + dataset.name() + "': "
                                + experiment.useCaseDir().relativize(file) + " has no rows",
                        "add data lines, or remove the dataset");
            }
            return Optional.of(summary);
        } catch (ConfigException e) {
            e.problems().forEach(problems::add);
            return Optional.empty();
        }
    }
}
