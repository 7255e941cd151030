package dev.llmops.experiment;

import dev.llmops.dataops.FetchedAsset;
import dev.llmops.error.ConfigException;
import dev.llmops.experiment.gate.Gate;
import dev.llmops.llm.ConnectionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An experiment after overlay and placeholder resolution: what to run, on which data, evaluated how.
 *
 * @param name experiment name (from the base file, never from an overlay)
 * @param flow the standard flow folder as written, relative to the use case; defaults to {@code name}
 * @param useCaseDir absolute use-case folder every relative path is resolved against
 * @param experimentFile the base experiment file
 * @param env the environment overlay name, or null when none was selected
 * @param connections connections with placeholders resolved
 * @param datasets the standard datasets, in file order
 * @param evaluators the evaluators, in file order
 * @param runtime Prompt Flow runtime name, or null
 * @param environmentVariables the flow's environment variables from {@code environment/env.yaml}, resolved
 * @param gates the {@code gates:} block of the overlay when it has one, else of the base file
 * @param assets the local copies of the {@code azureml:} sources, by source as written; filled by {@code validate}
 *     (the preflight of every command that runs), empty right after loading
 */
public record Experiment(
        String name,
        String flow,
        Path useCaseDir,
        Path experimentFile,
        String env,
        List<ConnectionConfig> connections,
        List<Dataset> datasets,
        List<Evaluator> evaluators,
        String runtime,
        Map<String, String> environmentVariables,
        List<Gate> gates,
        Map<String, FetchedAsset> assets) {

    public Experiment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(useCaseDir, "useCaseDir");
        connections = List.copyOf(connections);
        datasets = List.copyOf(datasets);
        evaluators = List.copyOf(evaluators);
        environmentVariables = Collections.unmodifiableMap(new LinkedHashMap<>(environmentVariables));
        gates = List.copyOf(gates);
        assets = Collections.unmodifiableMap(new LinkedHashMap<>(assets == null ? Map.of() : assets));
    }

    /** A loaded experiment, its {@code azureml:} sources not fetched yet. */
    public Experiment(
            String name,
            String flow,
            Path useCaseDir,
            Path experimentFile,
            String env,
            List<ConnectionConfig> connections,
            List<Dataset> datasets,
            List<Evaluator> evaluators,
            String runtime,
            Map<String, String> environmentVariables,
            List<Gate> gates) {
        this(
                name,
                flow,
                useCaseDir,
                experimentFile,
                env,
                connections,
                datasets,
                evaluators,
                runtime,
                environmentVariables,
                gates,
                Map.of());
    }

    /** The same experiment with its {@code azureml:} sources made local. */
    public Experiment withAssets(Map<String, FetchedAsset> fetched) {
        return new Experiment(
                name,
                flow,
                useCaseDir,
                experimentFile,
                env,
                connections,
                datasets,
                evaluators,
                runtime,
                environmentVariables,
                gates,
                fetched);
    }

    /** The data asset version a dataset reads, when its source is {@code azureml:} and was fetched. */
    public Optional<FetchedAsset> asset(Dataset dataset) {
        return dataset.isRemote() ? Optional.ofNullable(assets.get(dataset.source())) : Optional.empty();
    }

    /** The file a dataset reads when known: its local file, or the cached copy of its data asset. */
    public Optional<Path> knownDataFile(Dataset dataset) {
        return dataset.isRemote() ? asset(dataset).map(FetchedAsset::file) : Optional.of(dataset.localPath(useCaseDir));
    }

    /** The standard flow folder, resolved against the use case folder. */
    public Path flowDir() {
        return useCaseDir.resolve(flow).normalize();
    }

    /** The overlay file for {@link #env()} next to the experiment file, when one exists. */
    public Optional<Path> overlayFile() {
        if (env == null || experimentFile == null) {
            return Optional.empty();
        }
        Path overlay = ExperimentFiles.overlayOf(experimentFile, env);
        return Files.isRegularFile(overlay) ? Optional.of(overlay) : Optional.empty();
    }

    /**
     * The local file a dataset reads (the template's rule: {@code <use case>/<source>}, else
     * {@code <use case>/data/<source>}; for an {@code azureml:} source, the cached copy {@code validate} fetched).
     *
     * @throws ConfigException naming the experiment file and the dataset when the data asset was not fetched or the
     *     file does not exist
     */
    public Path dataFile(Dataset dataset) {
        int line = dataset.location() == null ? 0 : dataset.location().line();
        int column = dataset.location() == null ? 0 : dataset.location().column();
        String what = (dataset.isEvaluation() ? "evaluation dataset '" : "dataset '") + dataset.name() + "'";
        if (dataset.isRemote()) {
            return asset(dataset)
                    .map(FetchedAsset::file)
                    .orElseThrow(() -> ConfigException.at(
                            experimentFile,
                            line,
                            column,
                            what + " reads data asset " + dataset.source() + ", which was not fetched",
                            "run llmops validate to fetch it and see why not"));
        }
        Path file = dataset.localPath(useCaseDir);
        if (!Files.isRegularFile(file)) {
            throw ConfigException.at(
                    experimentFile,
                    line,
                    column,
                    "data file of " + what + " not found: " + file,
                    "fix the dataset's source (relative to the use case, or under data/)");
        }
        return file;
    }

    public Optional<Dataset> dataset(String datasetName) {
        return datasets.stream().filter(d -> d.name().equals(datasetName)).findFirst();
    }

    public Optional<Evaluator> evaluator(String evaluatorName) {
        return evaluators.stream().filter(e -> e.name().equals(evaluatorName)).findFirst();
    }

    public Optional<ConnectionConfig> connection(String connectionName) {
        return connections.stream().filter(c -> c.name().equals(connectionName)).findFirst();
    }

    /**
     * The evaluator datasets that apply to runs made on a standard dataset: those whose {@code reference} is
     * that name, and reused datasets with that name. Matches by dataset name, never by path.
     */
    public List<Dataset> evaluatorDatasetsFor(Evaluator evaluator, String standardDatasetName) {
        return evaluator.datasets().stream()
                .filter(d -> standardDatasetName.equals(d.reference()) || standardDatasetName.equals(d.name()))
                .toList();
    }

    /** Like {@link #evaluatorDatasetsFor(Evaluator, String)} over every evaluator, in order. */
    public List<Dataset> evaluatorDatasetsFor(String standardDatasetName) {
        return evaluators.stream()
                .flatMap(e -> evaluatorDatasetsFor(e, standardDatasetName).stream())
                .toList();
    }
}
