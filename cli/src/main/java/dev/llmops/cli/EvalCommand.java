package dev.llmops.cli;

import dev.llmops.eval.RunSelection;
import dev.llmops.pipeline.PipelineResult;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** {@code llmops eval}: evaluation runs over standard runs, then the reports. */
@Command(
        name = "eval",
        header = "Evaluate standard runs with the evaluators, then report.",
        description = {
            "Evaluate standard runs: every evaluator whose datasets name or reference a run's dataset runs over the"
                    + " evaluation data with $${data.x}, $${run.outputs.x} and $${run.inputs.x}, into the run store;"
                    + " then the reports and gates as in 'llmops report'.",
            "With --from-logs SOURCE, the requests 'llmops serve --log-requests' logged (in --since/--until, a"
                    + " --sample of them) become one standard run, source logs, whose rows are the logged inputs and"
                    + " outputs; the evaluators of its dataset score it.",
            "Exit 0 ok, 1 when evaluation lines failed or a gate failed (after writing every report), 2 for a"
                    + " configuration error, 3 when the runs are missing or unfinished, or no logged request is in"
                    + " the window."
        })
public final class EvalCommand extends BaseCommand {

    @Mixin
    UseCaseOptions useCase;

    @Mixin
    EvalMixin eval;

    @Mixin
    ReportOptions report;

    @Option(names = "--no-report", description = "Only run the evaluations; write no report.")
    boolean noReport;

    @Override
    public Integer call() {
        checkLogOptions();
        CliContext ctx = context();
        PipelineResult result;
        try (CancelHook hook = new CancelHook()) {
            result = RunCommand.pipeline(ctx, eval.progress(ctx))
                    .evaluate(
                            eval.toRequest(useCase, ctx),
                            noReport
                                    ? Optional.empty()
                                    : Optional.of(report.toOptions(ctx, new RunSelection.Latest(), eval.buildId())),
                            hook::arm);
        }
        result.report().ifPresent(r -> ReportPrinter.print(r, ctx.out()));
        return ExitCodes.of(result.verdict(), ctx);
    }

    /** --from-logs replaces --runs; --since, --until, --sample, --seed and --dataset only go with it. */
    private void checkLogOptions() {
        ParseResult parsed = spec.commandLine().getParseResult();
        if (eval.logs.given()) {
            if (parsed.hasMatchedOption("--runs")) {
                throw new ParameterException(
                        spec.commandLine(), "--from-logs evaluates a request log instead of --runs; give one of them");
            }
            if (eval.logs.seed != null && eval.logs.sample == null) {
                throw new ParameterException(spec.commandLine(), "--seed goes with --sample");
            }
            return;
        }
        for (String option : List.of("--since", "--until", "--sample", "--seed", "--dataset")) {
            if (parsed.hasMatchedOption(option)) {
                throw new ParameterException(
                        spec.commandLine(), option + " selects requests of a log: it goes with --from-logs SOURCE");
            }
        }
    }
}
