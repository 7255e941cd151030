package dev.llmops.cli;

import dev.llmops.run.FailureTolerance;
import dev.llmops.run.RunService;
import dev.llmops.run.RunServiceRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code llmops run}: the standard flow's variants over the datasets. */
@Command(
        name = "run",
        header = "Run every variant of the flow on every dataset.",
        description = {
            "Run the experiment's flow for every selected variant on every dataset, concurrently, into the run store.",
            "Failed lines are recorded and the run goes on; Ctrl-C stops cleanly and 'llmops run --resume' continues."
        })
public final class RunCommand extends BaseCommand {

    @Mixin
    UseCaseOptions useCase;

    @Mixin
    RunMixin run;

    @Override
    public Integer call() {
        CliContext ctx = context();
        RunServiceRequest request = run.toRequest(useCase, ctx.env());
        RunService.Outcome outcome;
        try (CancelHook hook = new CancelHook()) {
            outcome = new RunService(ctx.env(), ctx.masker(), ctx.out(), ctx.interactive()).run(request, hook::arm);
        }
        if (outcome.result() == null) {
            return ExitCodes.OK;
        }
        ctx.out()
                .println("Runs are in " + outcome.runsDir() + "; next: llmops eval -u " + useCase.useCase
                        + (useCase.env == null ? "" : " -e " + useCase.env) + " --runs latest");
        outcome.result().enforce(request.maxFailed() == null ? FailureTolerance.NONE : request.maxFailed());
        return ExitCodes.OK;
    }
}
