package dev.llmops.cli;

import dev.llmops.init.InitRequest;
import dev.llmops.init.InitResult;
import dev.llmops.init.InitTemplate;
import dev.llmops.init.UseCaseInitializer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code llmops init DIR}: scaffolds a use case that runs offline at once. */
@Command(
        name = "init",
        header = "Scaffold a new use case that runs offline at once.",
        description = {
            "Scaffold a new use case: experiment files for dev, pr and offline, a standard and an evaluation flow,"
                    + " sample data, recordings so it runs offline at once, and a README with the next steps.",
            "Never overwrites: when any file of the template exists already, nothing is written."
        })
public final class InitCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder of the new use case (created if missing).")
    String directory;

    @Option(
            names = {"-t", "--template"},
            paramLabel = "TEMPLATE",
            defaultValue = "ner",
            description = "ner (entity extraction), classification (two prompt variants) or chat (.prompty chat"
                    + " flow). Default: ${DEFAULT-VALUE}.")
    String template;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Use-case name ([a-z0-9_]); default: the folder name, lower case, other characters as _.")
    String name;

    @Override
    public Integer call() {
        CliContext context = context();
        InitRequest request = new InitRequest(
                context.env().resolve(directory), InitTemplate.parse(template), Optional.ofNullable(name));
        InitResult result = new UseCaseInitializer().initialize(request);

        PrintWriter out = context.out();
        out.printf(
                "Created use case '%s' from template %s in %s (%d files):%n",
                result.name(), result.template().id(), directory, result.files().size());
        for (Path file : result.files()) {
            out.println("  " + file.toString().replace('\\', '/'));
        }
        out.println();
        out.println("Next steps:");
        for (String step : result.nextSteps(directory)) {
            out.println("  " + step);
        }
        out.println("  then read " + directory + "/README.md to replace the sample prompt and data with your own.");
        return ExitCodes.OK;
    }
}
