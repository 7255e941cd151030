package dev.llmops.pipeline;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.eval.EvalRequest;
import dev.llmops.eval.EvalService;
import dev.llmops.eval.RunSelection;
import dev.llmops.eval.gate.GateResult;
import dev.llmops.eval.stats.Bootstrap;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.ExperimentLoader;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.experiment.ExperimentValidator;
import dev.llmops.experiment.gate.Gate;
import dev.llmops.flow.ToolRunners;
import dev.llmops.report.ReportBuilder;
import dev.llmops.report.ReportJob;
import dev.llmops.report.ReportOutcome;
import dev.llmops.report.ReportService;
import dev.llmops.run.ExecutionOptions;
import dev.llmops.run.ExperimentResult;
import dev.llmops.run.FailureTolerance;
import dev.llmops.run.RunService;
import dev.llmops.run.RunServiceRequest;
import dev.llmops.run.progress.ProgressStyle;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStore;
import dev.llmops.secret.SecretMasker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The experiment loop as one typed service: load the experiment once → plan → run → evaluate → report → a
 * {@link Verdict}. {@code llmops run}, {@code eval}, {@code report} and {@code experiment} are its steps; the CLI
 * only parses options into requests and maps the verdict to an exit code.
 *
 * <p>Failed lines and gates are verdicts, never exceptions; a broken configuration is a
 * {@link dev.llmops.error.ConfigException} and missing or unfinished runs a {@link dev.llmops.error.StateException}.
 */
public final class ExperimentPipeline {

    static final String RESUME_RUNS = "'llmops run --resume latest' continues standard runs";
    static final String RESUME_EVALUATIONS = "'llmops eval' evaluates again";

    private final SystemEnv env;
    private final SecretMasker masker;
    private final PrintWriter out;
    private final ProgressStyle progress;

    public ExperimentPipeline(SystemEnv env, SecretMasker masker, PrintWriter out, ProgressStyle progress) {
        this.env = env;
        this.masker = masker;
        this.out = out;
        this.progress = progress;
    }

    /**
     * {@code llmops run}: the standard runs.
     *
     * @param onCancel receives the action that cancels the current step cleanly (the CLI ties it to Ctrl-C); it may
     *     be called once per step, each call replacing the previous action
     */
    public PipelineResult run(RunServiceRequest request, Consumer<Runnable> onCancel) {
        RunService.Outcome ran = runService().run(request, onCancel);
        Verdict verdict = ran.dryRun()
                ? new Verdict.Passed(List.of())
                : verdict(List.of(new Judged(ran.result(), request.execution().tolerance())), null, RESUME_RUNS);
        return new PipelineResult(
                verdict,
                ran.plan(),
                ran.result().runNames(),
                ran.dryRun() ? Optional.empty() : Optional.of(ran.result()),
                Optional.empty(),
                ran.runsDir(),
                Optional.empty(),
                ran.dryRun());
    }

    /**
     * {@code llmops eval}: evaluation runs over stored standard runs, then, unless {@code report} is empty, the
     * reports and gates. An experiment without evaluators (an overlay that switches evaluation off) passes with a
     * note and touches no run. Failed evaluation lines are judged against {@code --max-failed-lines}, else against what
     * the standard runs were given.
     */
    public PipelineResult evaluate(
            EvalRequest request, Optional<ReportJob.Options> report, Consumer<Runnable> onCancel) {
        // Read without secrets first: with no evaluator, nothing needs them.
        Experiment unresolved = new ExperimentLoader()
                .load(request.experiment().withResolveSecrets(false), env, masker)
                .experiment();
        if (unresolved.evaluators().isEmpty() && request.logs() != null) {
            throw ConfigException.of(
                    (unresolved.env() == null ? "the experiment" : "env " + unresolved.env())
                            + " has no evaluators to score the request log with",
                    "add an evaluator (experiment-postprod.yaml of named_entity_recognition shows one) or pick the"
                            + " experiment file that has it with -f");
        }
        if (unresolved.evaluators().isEmpty()) {
            Experiment experiment = unresolved;
            // The template's pr overlay switches evaluation off with an empty evaluators: block; a CI step that
            // calls eval anyway has nothing to do, which is not an error.
            out.println("Nothing to evaluate: no evaluators in "
                    + (experiment.env() == null ? "the experiment" : "env " + experiment.env()) + ".");
            return new PipelineResult(
                    new Verdict.Passed(List.of()),
                    List.of(),
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    request.execution().runsDir() != null
                            ? request.execution().runsDir()
                            : RunStore.defaultDir(experiment.useCaseDir()),
                    Optional.empty(),
                    false);
        }
        EvalService.Outcome evaluated;
        Experiment experiment;
        try (ToolRunners tools = new ToolRunners(env)) {
            experiment = ExperimentValidator.preflight(request.experiment(), env, masker, tools);
            report.ifPresent(r -> checkGates(experiment, r));
            evaluated = evalService().evaluate(experiment, request, onCancel, tools);
        }
        List<String> standard =
                evaluated.standardRuns().stream().map(RunRecord::name).toList();
        out.println("Evaluation runs: " + String.join(", ", evaluated.result().runNames()));
        ReportOutcome written = null;
        if (report.isPresent() && !evaluated.result().canceled()) {
            written = publish(
                    evaluated.store(),
                    evaluated.experiment(),
                    report.get()
                            .forRuns(
                                    new RunSelection.Ids(standard), report.get().build()));
        }
        Verdict verdict =
                verdict(List.of(new Judged(evaluated.result(), evaluated.tolerance())), written, RESUME_EVALUATIONS);
        return new PipelineResult(
                verdict,
                List.of(),
                standard,
                Optional.empty(),
                Optional.of(evaluated.result()),
                evaluated.store().root(),
                Optional.ofNullable(written),
                false);
    }

    /**
     * {@code llmops report}: the reports and gates of stored runs; loads the experiment without its secrets, so it
     * works where the keys are not set.
     *
     * @param runsDir the run store, or null for the use case's
     */
    public PipelineResult report(ExperimentRequest request, Path runsDir, ReportJob.Options options) {
        Experiment experiment = new ExperimentLoader()
                .load(request.withResolveSecrets(false), env, masker)
                .experiment();
        checkGates(experiment, options);
        RunStore store = new RunStore(runsDir != null ? runsDir : RunStore.defaultDir(experiment.useCaseDir()));
        ReportOutcome written = publish(store, experiment, options);
        return new PipelineResult(
                verdict(List.of(), written, RESUME_RUNS),
                List.of(),
                written.model().standardRuns().stream().map(r -> r.runId()).toList(),
                Optional.empty(),
                Optional.empty(),
                store.root(),
                Optional.of(written),
                false);
    }

    /**
     * {@code llmops experiment}: run, evaluate (when the experiment has evaluators), report and gate, loading the
     * experiment once. On {@code --resume} it continues the evaluation batch of the resumed standard runs.
     *
     * @param report the report options; their run selection is replaced by the runs just made
     */
    public PipelineResult experiment(RunServiceRequest request, ReportJob.Options report, Consumer<Runnable> onCancel) {
        // one set of python workers for the command: started by the preflight, used by the runs and evaluations
        try (ToolRunners tools = new ToolRunners(env)) {
            return experiment(request, report, onCancel, tools);
        }
    }

    private PipelineResult experiment(
            RunServiceRequest request, ReportJob.Options report, Consumer<Runnable> onCancel, ToolRunners tools) {
        Experiment experiment = ExperimentValidator.preflight(request.experiment(), env, masker, tools);
        checkGates(experiment, report);
        ExecutionOptions execution = request.execution();
        RunService.Outcome ran = runService().run(experiment, request, onCancel, tools);
        List<String> standard = ran.result().runNames();
        if (ran.dryRun()) {
            return new PipelineResult(
                    new Verdict.Passed(List.of()),
                    ran.plan(),
                    standard,
                    Optional.empty(),
                    Optional.empty(),
                    ran.runsDir(),
                    Optional.empty(),
                    true);
        }
        List<Judged> judged = new ArrayList<>();
        judged.add(new Judged(ran.result(), execution.tolerance()));
        Optional<ExperimentResult> evaluations = Optional.empty();
        ReportOutcome written = null;
        if (!ran.result().canceled()) {
            RunSelection selection = new RunSelection.Ids(standard);
            if (!experiment.evaluators().isEmpty()) {
                EvalRequest evalRequest = new EvalRequest(
                        request.experiment(),
                        selection,
                        execution
                                .withRunsDir(ran.runsDir())
                                // On --resume, continue the evaluation batch of these standard runs (if one started).
                                .withResume(execution.resume() == null ? null : standard.get(0)));
                EvalService.Outcome evaluated = evalService().evaluate(experiment, evalRequest, onCancel, tools);
                judged.add(new Judged(evaluated.result(), execution.tolerance()));
                evaluations = Optional.of(evaluated.result());
            }
            if (evaluations.map(e -> !e.canceled()).orElse(true)) {
                written = publish(
                        new RunStore(ran.runsDir()), experiment, report.forRuns(selection, execution.buildId()));
            }
        }
        return new PipelineResult(
                verdict(judged, written, RESUME_RUNS + ", " + RESUME_EVALUATIONS),
                ran.plan(),
                standard,
                Optional.of(ran.result()),
                evaluations,
                ran.runsDir(),
                Optional.ofNullable(written),
                false);
    }

    /** The experiment's and the command line's gates, checked as validate does, before any model call. */
    private void checkGates(Experiment experiment, ReportJob.Options report) {
        List<Gate> gates = new ArrayList<>(experiment.gates());
        gates.addAll(report.gates());
        ExperimentValidator.checkGates(experiment, gates, env);
    }

    /** A step's runs and the tolerance they are judged by. */
    private record Judged(ExperimentResult result, FailureTolerance tolerance) {}

    /** Canceled when a step was; else failed naming every run beyond its tolerance and every failed gate. */
    private static Verdict verdict(List<Judged> steps, ReportOutcome report, String resumeHint) {
        if (steps.stream().anyMatch(s -> s.result().canceled())) {
            return new Verdict.Canceled(resumeHint);
        }
        List<String> reasons = new ArrayList<>();
        steps.forEach(s -> s.result().failure(s.tolerance()).ifPresent(reasons::add));
        List<GateResult> gates = report == null ? List.of() : report.model().gates();
        gates.stream().filter(g -> !g.passed()).forEach(g -> reasons.add(g.message()));
        return reasons.isEmpty() ? new Verdict.Passed(gates) : new Verdict.Failed(reasons, gates);
    }

    private ReportOutcome publish(RunStore store, Experiment experiment, ReportJob.Options options) {
        ReportJob job = new ReportJob(
                store,
                new ReportBuilder(store, Bootstrap.defaults(), Clock.systemUTC()),
                new ReportService(env, out),
                env);
        return job.publish(experiment, options);
    }

    private RunService runService() {
        return new RunService(env, masker, out, progress);
    }

    private EvalService evalService() {
        return new EvalService(env, masker, out, progress);
    }
}
