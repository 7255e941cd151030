package dev.llmops.eval;

import dev.llmops.SystemEnv;
import dev.llmops.data.DataReader;
import dev.llmops.dataops.LogSource;
import dev.llmops.dataops.RequestLog;
import dev.llmops.error.ConfigException;
import dev.llmops.error.StateException;
import dev.llmops.eval.builtin.BuiltinEvaluators;
import dev.llmops.experiment.Dataset;
import dev.llmops.experiment.Evaluator;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.ExperimentValidator;
import dev.llmops.experiment.PureEvaluatorFlows;
import dev.llmops.flow.Flow;
import dev.llmops.flow.FlowLoader;
import dev.llmops.flow.ToolRunners;
import dev.llmops.run.DataRowSource;
import dev.llmops.run.DatasetInput;
import dev.llmops.run.ExecutionOptions;
import dev.llmops.run.ExperimentResult;
import dev.llmops.run.ExperimentRunner;
import dev.llmops.run.FailureTolerance;
import dev.llmops.run.FlowSignature;
import dev.llmops.run.LineExecutor;
import dev.llmops.run.RowSource;
import dev.llmops.run.RunFlow;
import dev.llmops.run.RunOptions;
import dev.llmops.run.RunRequest;
import dev.llmops.run.RunService;
import dev.llmops.run.cache.CachingChatClient;
import dev.llmops.run.engine.FlowEngine;
import dev.llmops.run.engine.FlowHash;
import dev.llmops.run.progress.ProgressListener;
import dev.llmops.run.progress.ProgressStyle;
import dev.llmops.run.store.EvaluationLink;
import dev.llmops.run.store.RunKind;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStore;
import dev.llmops.run.variant.PlannedRun;
import dev.llmops.secret.SecretMasker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code llmops eval}: runs every evaluator over the standard runs whose dataset it names or references, as
 * evaluation runs in the run store, each tagged with its evaluator, standard run, variant and datasets
 * (a {@link RunKind.Evaluation}). Flows run on the same engine as {@code llmops run} (connections, limits, cache);
 * {@code builtin:<name>} evaluators run natively.
 */
public final class EvalService {

    private static final DateTimeFormatter PURE_EVAL_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private final SystemEnv env;
    private final SecretMasker masker;
    private final PrintWriter out;
    private final ProgressStyle progress;

    public EvalService(SystemEnv env, SecretMasker masker, PrintWriter out, ProgressStyle progress) {
        this.env = env;
        this.masker = masker;
        this.out = out;
        this.progress = progress;
    }

    /**
     * What was evaluated.
     *
     * @param standardRuns the standard runs, in selection order
     * @param result the evaluation runs, evaluator by evaluator
     */
    public record Outcome(
            Experiment experiment,
            List<RunRecord> standardRuns,
            ExperimentResult result,
            RunStore store,
            FailureTolerance tolerance) {}

    /** One evaluation run to start, with the key its dataset has in the runner request. */
    private record Job(
            EvaluationPlanner.Planned planned, Dataset dataset, RunRecord standard, String key, EvaluationLink link) {}

    /**
     * Runs the evaluations: every evaluator's runs at once, under one concurrency limit. Lines that fail are
     * recorded, not thrown; {@link ExperimentResult#enforce} turns them into an exit code.
     *
     * @throws ConfigException for a broken experiment, an evaluation dataset whose line count differs from its
     *     standard run's, or no evaluator matching any run
     * @throws StateException for unknown or unfinished standard runs, or nothing to resume
     */
    public Outcome evaluate(EvalRequest request, Consumer<Runnable> onCancel) {
        try (ToolRunners tools = new ToolRunners(env)) {
            return evaluate(
                    ExperimentValidator.preflight(request.experiment(), env, masker, tools), request, onCancel, tools);
        }
    }

    /**
     * As {@link #evaluate(EvalRequest, Consumer)} on an experiment already loaded (with its secrets).
     *
     * @param tools the command's tool runners, shared with its preflight and its other steps
     */
    public Outcome evaluate(
            Experiment experiment, EvalRequest request, Consumer<Runnable> onCancel, ToolRunners tools) {
        ExecutionOptions execution = request.execution();
        Path runsDir = execution.runsDir() != null ? execution.runsDir() : RunStore.defaultDir(experiment.useCaseDir());
        RunStore store = new RunStore(runsDir);
        if (request.logs() != null && execution.resume() != null) {
            throw ConfigException.of(
                    "--resume continues the evaluation of stored runs; it does not go with --from-logs",
                    "drop --from-logs to continue an interrupted evaluation of a log (its run is in the store),"
                            + " or drop --resume to evaluate the log again");
        }
        List<RunRecord> previous =
                execution.resume() == null ? List.of() : EvalBatches.toResume(store, execution.resume());
        List<RunRecord> standardRuns = request.logs() != null
                ? List.of(fromLogs(experiment, store, request.logs(), execution.buildId()))
                : EvalBatches.standardRuns(store, request, previous);
        for (RunRecord run : standardRuns) {
            if (run.status().resumable()) {
                throw new StateException("standard run " + run.name() + " is " + run.status()
                        + "; finish it first with 'llmops run --resume " + run.name() + "'");
            }
        }
        Map<String, List<Job>> jobs = plan(experiment, standardRuns, previous);
        if (jobs.values().stream().allMatch(List::isEmpty)) {
            throw ConfigException.of(
                    "no evaluator applies to the runs' datasets "
                            + standardRuns.stream()
                                    .map(RunRecord::dataset)
                                    .distinct()
                                    .toList(),
                    "give an evaluator a dataset with that name, or one whose reference: names it");
        }
        FlowEngine.Options engineOptions = new FlowEngine.Options(
                execution.maxConcurrency(),
                execution.cache(),
                CachingChatClient.defaultDir(experiment.useCaseDir()),
                null,
                experiment.environmentVariables());
        try (FlowEngine engine =
                new FlowEngine(experiment.connections(), experiment.useCaseDir(), env, engineOptions, tools)) {
            ExperimentResult result = run(experiment, jobs, engine, store, execution, previous, onCancel);
            return new Outcome(experiment, standardRuns, result, store, tolerance(execution, standardRuns));
        }
    }

    /**
     * The one standard run of {@code --from-logs}: the answered requests of the log in the window, sampled, written
     * to the run store.
     */
    private RunRecord fromLogs(Experiment experiment, RunStore store, LogEvaluation logs, String buildId) {
        String dataset = LogRuns.dataset(experiment, logs);
        List<RequestLog.Record> records = LogSource.parse(logs.source(), env).read();
        long seed = logs.seed() != null ? logs.seed() : new SecureRandom().nextInt(1_000_000);
        LogRuns.Selection selection = LogRuns.select(records, logs, logs.source(), seed);
        out.println(selection.describe(logs.source(), logs.sample()));
        RunRecord run = LogRuns.materialize(
                experiment,
                store,
                dataset,
                selection,
                logs.source(),
                buildId,
                Clock.systemUTC().instant());
        out.println("Standard run " + run.name() + " holds them (dataset " + dataset + ", source logs).");
        return run;
    }

    /**
     * The failed evaluation lines allowed: {@code --max-failed-lines} when given, else the tolerance the standard
     * runs were given ({@code llmops run --max-failed-lines}, the first run that records one), else none.
     */
    static FailureTolerance tolerance(ExecutionOptions execution, List<RunRecord> standardRuns) {
        if (execution.maxFailed() != null) {
            return execution.maxFailed();
        }
        return standardRuns.stream()
                .map(RunRecord::maxFailedLines)
                .filter(t -> t != null)
                .map(FailureTolerance::parse)
                .findFirst()
                .orElse(FailureTolerance.NONE);
    }

    /**
     * Evaluator name → its evaluation runs, checking line alignment before anything runs. A run of the batch
     * being resumed keeps its key, so the runner continues it instead of starting another.
     */
    private static Map<String, List<Job>> plan(
            Experiment experiment, List<RunRecord> standardRuns, List<RunRecord> previous) {
        DataReader reader = new DataReader();
        List<EvaluationPlanner.StandardRun> runs = standardRuns.stream()
                .map(r -> new EvaluationPlanner.StandardRun(
                        r.name(),
                        r.dataset(),
                        r.dataFile() == null ? null : Path.of(r.dataFile()),
                        r.lines() == null ? 0 : r.lines().total()))
                .toList();
        // Runs made from request logs read no dataset file of the experiment (their own rows replace it).
        boolean onlyLogs = standardRuns.stream().allMatch(LogRuns::fromLogs);
        List<EvaluationPlanner.Evaluator> evaluators = new ArrayList<>();
        for (Evaluator e : experiment.evaluators()) {
            evaluators.add(new EvaluationPlanner.Evaluator(
                    e.name(),
                    e.datasets().stream()
                            .map(d -> new EvaluationPlanner.EvaluatorDataset(
                                    d.name(), d.reference(), onlyLogs ? null : experiment.dataFile(d)))
                            .toList()));
        }
        Map<String, List<Job>> jobs = new LinkedHashMap<>();
        experiment.evaluators().forEach(e -> jobs.put(e.name(), new ArrayList<>()));
        Map<Path, Integer> lineCounts = new LinkedHashMap<>();
        Set<String> keys = new HashSet<>();
        previous.forEach(r -> keys.add(r.dataset()));
        for (EvaluationPlanner.Planned planned : EvaluationPlanner.plan(evaluators, runs)) {
            RunRecord standard = standardRuns.stream()
                    .filter(r -> r.name().equals(planned.run().runId()))
                    .findFirst()
                    .orElseThrow();
            // A run made from a request log is its own evaluation data: the logged inputs and outputs.
            EvaluationPlanner.Planned p = LogRuns.fromLogs(standard)
                    ? new EvaluationPlanner.Planned(
                            planned.evaluator(),
                            new EvaluationPlanner.EvaluatorDataset(
                                    planned.dataset().name(),
                                    planned.dataset().reference(),
                                    LogRuns.dataFile(standard)),
                            planned.run())
                    : planned;
            Path file = p.dataset().dataFile();
            int lines = lineCounts.computeIfAbsent(file, f -> count(reader, f));
            EvaluationPlanner.checkAligned(p, lines);
            Evaluator evaluator = experiment.evaluator(p.evaluator().name()).orElseThrow();
            Dataset dataset = evaluator.datasets().stream()
                    .filter(d -> d.name().equals(p.dataset().name()))
                    .findFirst()
                    .orElseThrow();
            // The runner keys datasets by name and every evaluation run reads a different standard run, so each
            // gets its own key. It names the run too: <experiment>_<variant>_<evaluator>.<dataset>_<time>, never
            // to be mistaken for the standard run in 'llmops runs list'.
            EvaluationLink link = EvaluationLink.of(evaluator.name(), standard, dataset.name());
            String key = EvalBatches.sameEvaluation(previous, link)
                    .map(RunRecord::dataset)
                    .orElseGet(() -> freshKey(keys, evaluator.name() + "." + dataset.name()));
            jobs.get(evaluator.name()).add(new Job(p, dataset, standard, key, link));
        }
        return jobs;
    }

    private static String freshKey(Set<String> used, String base) {
        String key = base;
        for (int use = 2; !used.add(key); use++) {
            key = base + "#" + use;
        }
        return key;
    }

    private static int count(DataReader reader, Path file) {
        int n = 0;
        try (RowSource rows = DataRowSource.open(reader, file)) {
            while (rows.hasNext()) {
                rows.next();
                n++;
            }
        }
        return n;
    }

    /** One evaluator's flow: what its runs store in {@code run.json}, and how a run gets its line executor. */
    private record EvaluatorFlow(
            String flowPath, String flowHash, FlowSignature signature, RunRequest.ExecutorFactory executors) {}

    /**
     * Every evaluator's runs in one runner call: one batch, one concurrency limit, one progress display, and
     * evaluators overlap instead of waiting for each other.
     */
    private ExperimentResult run(
            Experiment experiment,
            Map<String, List<Job>> jobs,
            FlowEngine engine,
            RunStore store,
            ExecutionOptions request,
            List<RunRecord> previous,
            Consumer<Runnable> onCancel) {
        DataReader reader = new DataReader();
        Map<String, DatasetInput> datasets = new LinkedHashMap<>();
        List<PlannedRun> plan = new ArrayList<>();
        Map<PlannedRun, RunFlow> flows = new LinkedHashMap<>();
        Map<String, RunRequest.ExecutorFactory> executors = new HashMap<>();
        RunFlow first = null;
        for (Evaluator evaluator : experiment.evaluators()) {
            List<Job> evaluatorJobs = jobs.get(evaluator.name());
            if (evaluatorJobs.isEmpty()) {
                continue;
            }
            EvaluatorFlow flow = flow(experiment, evaluator, evaluatorJobs, engine);
            for (Job job : evaluatorJobs) {
                Path file = job.planned().dataset().dataFile();
                datasets.put(
                        job.key(),
                        new DatasetInput(
                                job.key(),
                                file,
                                () -> DataRowSource.open(reader, file),
                                job.dataset().mappings(),
                                job.standard().name(),
                                experiment
                                        .asset(job.dataset())
                                        .map(RunService::record)
                                        .orElse(null)));
                PlannedRun run =
                        new PlannedRun(job.key(), Map.of(), job.standard().variant());
                plan.add(run);
                RunFlow runFlow = new RunFlow(
                        flow.flowPath(), flow.flowHash(), flow.signature(), new RunKind.Evaluation(job.link()).tags());
                flows.put(run, runFlow);
                first = first == null ? runFlow : first;
                executors.put(job.key(), flow.executors());
            }
            if (!progress.quiet()) {
                out.println("Evaluating with " + evaluator.name() + " (" + evaluator.flow() + "): "
                        + evaluatorJobs.size() + " run" + (evaluatorJobs.size() == 1 ? "" : "s"));
            }
        }
        out.flush();
        RunOptions options = RunOptions.builder()
                .maxConcurrency(request.maxConcurrency())
                .lineTimeout(request.lineTimeout())
                .resume(previous.isEmpty() ? null : previous.get(0).name())
                .retryFailed(request.retryFailed())
                .buildId(request.buildId())
                .progress(ProgressListener.forOutput(out, progress), Duration.ofMillis(250))
                .masker(masker)
                .costs(engine.costs(), engine.usage())
                .build();
        ExperimentRunner runner = new ExperimentRunner(store, Clock.systemUTC());
        onCancel.accept(() -> runner.cancel(Duration.ofSeconds(30)));
        return runner.run(new RunRequest(
                experiment.name(),
                experiment.env(),
                first.flowPath(),
                first.flowHash(),
                plan,
                datasets,
                first.signature(),
                run -> executors.get(run.dataset()).create(run),
                options,
                flows));
    }

    private static EvaluatorFlow flow(Experiment experiment, Evaluator evaluator, List<Job> jobs, FlowEngine engine) {
        if (BuiltinEvaluators.isBuiltin(evaluator.flow())) {
            LineExecutor executor = new BuiltinLineExecutor(
                    BuiltinEvaluators.create(evaluator.flow(), JudgeConnection.of(experiment, evaluator, engine)));
            return new EvaluatorFlow(evaluator.flow(), evaluator.flow(), builtinSignature(jobs), run -> executor);
        }
        if (PureEvaluatorFlows.applies(experiment, evaluator)) {
            return pureEvaluator(experiment, evaluator, engine);
        }
        Flow flow = new FlowLoader().load(evaluator.flowDir(experiment.useCaseDir()));
        return new EvaluatorFlow(
                experiment.useCaseDir().relativize(flow.dir()).toString(),
                FlowHash.of(flow.dir()),
                RunService.signature(flow),
                run -> engine.lineExecutor(flow, Map.of()));
    }

    /**
     * A folder of {@code eval_*.py} as a flex evaluator: each run's lines carry their mapped inputs, and the
     * {@code eval_*} functions run once per run over them, as the template calls them, each run with a run name of
     * its own ({@code <experiment>_eval_<evaluator.dataset>_<time>}).
     */
    private static EvaluatorFlow pureEvaluator(Experiment experiment, Evaluator evaluator, FlowEngine engine) {
        String stamp = PURE_EVAL_STAMP.format(LocalDateTime.now(Clock.systemUTC()));
        Flow shape = PureEvaluatorFlows.flow(experiment, evaluator, experiment.name() + "_eval_" + stamp);
        return new EvaluatorFlow(
                experiment.useCaseDir().relativize(shape.dir()).toString(),
                FlowHash.of(shape.dir()),
                RunService.signature(shape),
                run -> engine.lineExecutor(
                        PureEvaluatorFlows.flow(
                                experiment,
                                evaluator,
                                experiment.name() + "_eval_" + run.dataset().replaceAll("[^A-Za-z0-9_.-]", "_") + "_"
                                        + stamp),
                        Map.of()));
    }

    /** A built-in's inputs are its mappings' keys, each required: a missing value fails the line by name. */
    private static FlowSignature builtinSignature(List<Job> jobs) {
        Map<String, FlowSignature.Input> inputs = new LinkedHashMap<>();
        for (Job job : jobs) {
            job.dataset().mappings().keySet().forEach(k -> inputs.putIfAbsent(k, FlowSignature.Input.required(k)));
        }
        return new FlowSignature(inputs);
    }
}
