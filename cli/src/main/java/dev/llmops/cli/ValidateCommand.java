package dev.llmops.cli;

import dev.llmops.data.DataReader;
import dev.llmops.error.Problem;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.ExperimentLoader;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.experiment.ExperimentValidator;
import dev.llmops.experiment.ValidationResult;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code llmops validate}: checks an experiment without calling a model. */
@Command(
        name = "validate",
        header = "Check an experiment and its flows without calling a model.",
        description = {
            "Check an experiment without calling a model: YAML, keys, datasets and their columns, evaluator"
                    + " references, required secrets, and the flows themselves (mapping keys against flow inputs,"
                    + " run.outputs references, llm connections, built-in evaluators, python and java tools).",
            "Reports every problem as file:line:column. Exit 0 when valid, 2 otherwise."
        })
public final class ValidateCommand extends BaseCommand {

    @Mixin
    UseCaseOptions useCase;

    @Mixin
    ConnectionMixin connections;

    @Override
    public Integer call() {
        CliContext ctx = context();
        ExperimentRequest request = new ExperimentRequest(
                Path.of(useCase.useCase), useCase.env, useCase.file, true, connections.overrides(ctx));
        ExperimentValidator validator = new ExperimentValidator(new ExperimentLoader(), new DataReader());
        ValidationResult result = validator.validate(request, ctx.env(), ctx.masker());
        for (Problem warning : result.warnings()) {
            ctx.err().println(warning.format());
        }
        Experiment e = result.experiment();
        ctx.out()
                .printf(
                        "OK: %s (%d dataset%s, %d evaluator%s, env %s)%n",
                        e.name(),
                        e.datasets().size(),
                        e.datasets().size() == 1 ? "" : "s",
                        e.evaluators().size(),
                        e.evaluators().size() == 1 ? "" : "s",
                        e.env() == null ? "none" : e.env());
        e.assets().forEach((source, asset) -> ctx.out().println("  " + source + " -> " + asset.describe()));
        return ExitCodes.OK;
    }
}
