package dev.llmops.run;

import dev.llmops.SystemEnv;
import dev.llmops.dataops.FetchedAsset;
import dev.llmops.error.ConfigException;
import dev.llmops.experiment.Dataset;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.ExperimentValidator;
import dev.llmops.flow.Flow;
import dev.llmops.flow.FlowInput;
import dev.llmops.flow.FlowLoader;
import dev.llmops.flow.ToolRunners;
import dev.llmops.run.cache.CachingChatClient;
import dev.llmops.run.engine.FlowEngine;
import dev.llmops.run.engine.FlowHash;
import dev.llmops.run.progress.ProgressListener;
import dev.llmops.run.progress.ProgressStyle;
import dev.llmops.run.progress.SummaryTable;
import dev.llmops.run.store.RunKind;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStore;
import dev.llmops.run.variant.NodeVariants;
import dev.llmops.run.variant.PlannedRun;
import dev.llmops.run.variant.VariantPlanner;
import dev.llmops.run.variant.VariantSpace;
import dev.llmops.secret.SecretMasker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code llmops run}: every selected variant of the experiment's standard flow on every dataset, in one
 * scheduler, into the run store.
 */
public final class RunService {

    private final SystemEnv env;
    private final SecretMasker masker;
    private final PrintWriter out;
    private final ProgressStyle progress;

    public RunService(SystemEnv env, SecretMasker masker, PrintWriter out, ProgressStyle progress) {
        this.env = env;
        this.masker = masker;
        this.out = out;
        this.progress = progress;
    }

    /**
     * The outcome: the plan, and the runs' summaries.
     *
     * @param dryRun whether only the plan was made ({@code result} then has no runs)
     */
    public record Outcome(
            Experiment experiment, List<PlannedRun> plan, ExperimentResult result, Path runsDir, boolean dryRun) {}

    /**
     * Plans and executes the runs. Lines that fail are recorded, not thrown; call {@link
     * ExperimentResult#enforce} to turn them into an exit code.
     *
     * @param onCancel receives the action that cancels the runs cleanly (the CLI ties it to Ctrl-C)
     */
    public Outcome run(RunServiceRequest request, Consumer<Runnable> onCancel) {
        try (ToolRunners tools = new ToolRunners(env)) {
            return run(
                    ExperimentValidator.preflight(request.experiment(), env, masker, tools), request, onCancel, tools);
        }
    }

    /**
     * As {@link #run(RunServiceRequest, Consumer)} on an experiment already loaded (with its secrets).
     *
     * @param tools the command's tool runners: the python workers its preflight started run the lines
     */
    public Outcome run(
            Experiment experiment, RunServiceRequest request, Consumer<Runnable> onCancel, ToolRunners tools) {
        ExecutionOptions execution = request.execution();
        Flow flow = new FlowLoader().load(experiment.flowDir());
        List<String> datasetNames =
                experiment.datasets().stream().map(Dataset::name).toList();
        if (datasetNames.isEmpty()) {
            throw ConfigException.at(
                    experiment.experimentFile(),
                    0,
                    0,
                    "the experiment has no datasets to run",
                    "add one under datasets");
        }
        List<PlannedRun> plan = new VariantPlanner().plan(variantSpace(flow), request.variants(), datasetNames);
        if (request.dryRun() || !progress.quiet()) {
            SummaryTable.renderPlan(plan, out);
            out.flush();
        }
        Path runsDir = execution.runsDir() != null ? execution.runsDir() : RunStore.defaultDir(experiment.useCaseDir());
        if (request.dryRun()) {
            return new Outcome(experiment, plan, new ExperimentResult(List.of(), false), runsDir, true);
        }
        Map<String, DatasetInput> datasets = datasetInputs(experiment);
        FlowEngine.Options engineOptions = new FlowEngine.Options(
                execution.maxConcurrency(),
                execution.cache(),
                CachingChatClient.defaultDir(experiment.useCaseDir()),
                request.recordFile(),
                experiment.environmentVariables(),
                request.init());
        try (FlowEngine engine =
                new FlowEngine(experiment.connections(), experiment.useCaseDir(), env, engineOptions, tools)) {
            RunOptions options = RunOptions.builder()
                    .maxConcurrency(execution.maxConcurrency())
                    .lineTimeout(execution.lineTimeout())
                    .resume(resumeTarget(execution.resume(), runsDir))
                    .retryFailed(execution.retryFailed())
                    .buildId(execution.buildId())
                    .tags(RunKind.STANDARD.tags())
                    .maxFailed(execution.tolerance())
                    .progress(ProgressListener.forOutput(out, progress), Duration.ofMillis(250))
                    .masker(masker)
                    .costs(engine.costs(), engine.usage())
                    .build();
            RunRequest runRequest = new RunRequest(
                    experiment.name(),
                    experiment.env(),
                    experiment.useCaseDir().relativize(flow.dir()).toString(),
                    FlowHash.of(flow.dir()),
                    plan,
                    datasets,
                    signature(flow),
                    run -> engine.lineExecutor(flow, run.variantOverrides()),
                    options);
            ExperimentRunner runner = new ExperimentRunner(new RunStore(runsDir), Clock.systemUTC());
            onCancel.accept(() -> runner.cancel(Duration.ofSeconds(30)));
            ExperimentResult result = runner.run(runRequest);
            if (request.outputFile() != null) {
                RunIdsFile.write(request.outputFile(), result.runNames());
            }
            return new Outcome(experiment, plan, result, runsDir, false);
        }
    }

    /**
     * {@code latest} is the newest standard batch: the evaluation runs {@code llmops experiment} made after it are
     * newer, and resuming their batch would start every standard run again.
     */
    private static String resumeTarget(String resume, Path runsDir) {
        if (!RunStore.LATEST.equals(resume)) {
            return resume;
        }
        return new RunStore(runsDir)
                .list().stream()
                        .filter(r -> r.kind() instanceof RunKind.Standard)
                        .findFirst()
                        .map(RunRecord::name)
                        .orElse(resume);
    }

    /** The flow's variant nodes in file order, as the planner wants them. */
    public static VariantSpace variantSpace(Flow flow) {
        Map<String, NodeVariants> nodes = new LinkedHashMap<>();
        flow.variants().forEach((node, v) -> nodes.put(node, new NodeVariants(v.defaultVariantId(), v.variantIds())));
        return new VariantSpace(nodes);
    }

    /** The flow's inputs with their defaults, for column mapping. */
    public static FlowSignature signature(Flow flow) {
        Map<String, FlowSignature.Input> inputs = new LinkedHashMap<>();
        for (FlowInput in : flow.inputs().values()) {
            inputs.put(
                    in.name(),
                    in.hasDefault()
                            ? FlowSignature.Input.withDefault(in.name(), in.defaultValue())
                            : FlowSignature.Input.required(in.name()));
        }
        return new FlowSignature(inputs);
    }

    /** The experiment's standard datasets as the runner reads them; azureml: ones from their cached copies. */
    private Map<String, DatasetInput> datasetInputs(Experiment experiment) {
        Map<String, DatasetInput> inputs = new LinkedHashMap<>();
        for (Dataset dataset : experiment.datasets()) {
            DatasetInput input = DatasetInput.of(dataset.name(), experiment.dataFile(dataset), dataset.mappings());
            Optional<FetchedAsset> asset = experiment.asset(dataset);
            if (asset.isPresent()) {
                if (!progress.quiet()) {
                    out.println("dataset " + dataset.name() + ": " + asset.get().describe());
                }
                input = input.withAsset(record(asset.get()));
            }
            inputs.put(dataset.name(), input);
        }
        out.flush();
        return inputs;
    }

    /** How {@code run.json} names a data asset version. */
    public static RunRecord.DataAsset record(FetchedAsset asset) {
        return new RunRecord.DataAsset(asset.ref().label(), asset.name(), asset.version(), asset.sha256());
    }
}
