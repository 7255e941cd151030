package dev.llmops.cli;

import dev.llmops.pipeline.ExperimentPipeline;
import dev.llmops.pipeline.PipelineResult;
import dev.llmops.run.progress.ProgressStyle;
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
        PipelineResult result;
        try (CancelHook hook = new CancelHook()) {
            result = pipeline(ctx, run.progress(ctx)).run(run.toRequest(useCase, ctx), hook::arm);
        }
        if (!result.dryRun()) {
            ctx.out()
                    .println("Runs are in " + result.runsDir() + "; next: llmops eval -u " + useCase.useCase
                            + (useCase.env == null ? "" : " -e " + useCase.env) + " --runs latest");
        }
        return ExitCodes.of(result.verdict(), ctx);
    }

    static ExperimentPipeline pipeline(CliContext ctx, ProgressStyle progress) {
        return new ExperimentPipeline(ctx.env(), ctx.masker(), ctx.out(), progress);
    }
}
