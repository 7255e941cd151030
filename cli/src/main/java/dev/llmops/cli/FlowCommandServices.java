package dev.llmops.cli;

import dev.llmops.error.Problem;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.ExperimentLoader;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.experiment.LoadedExperiment;
import dev.llmops.flow.java.JavaToolRunner;
import dev.llmops.flow.python.PythonToolOptions;
import dev.llmops.flow.python.PythonToolRunner;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.llm.CallObserver;
import dev.llmops.llm.ChatClientFactory;
import dev.llmops.llm.DefaultChatClientFactory;
import dev.llmops.llm.LlmOptions;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What {@code flow} commands need beyond the flow engine: model clients, tool runners and the experiment's
 * connections. {@link #real()} wires the production implementations; tests inject fakes of external services
 * through the constructor.
 *
 * @param clientFactory makes the chat client factory of one command run
 * @param pythonTools a python tool runner for one command run (closed after it)
 * @param javaTools a java tool runner for one command run (closed after it)
 * @param experiments loads the experiment named by {@code -u/-e/-f}, for its connections and environment
 */
public record FlowCommandServices(
        ClientFactories clientFactory,
        Function<CliContext, ToolRunner> pythonTools,
        Function<CliContext, ToolRunner> javaTools,
        Experiments experiments) {

    /** Makes the chat client factory for one command run. */
    @FunctionalInterface
    public interface ClientFactories {
        /**
         * @param baseDir where relative {@code recordings} paths of replay connections start (the use-case folder)
         * @param options timeouts, retries and the {@code --record} file
         */
        ChatClientFactory create(CliContext context, Path baseDir, LlmOptions options);
    }

    /** Loads an experiment, placeholders resolved and secrets registered. */
    @FunctionalInterface
    public interface Experiments {
        /** @return the experiment; every resolved secret is registered with the context's masker */
        Experiment load(ExperimentRequest request, CliContext context);
    }

    /** The production services: HTTP model clients, python workers, the in-process java tool runner. */
    public static FlowCommandServices real() {
        return new FlowCommandServices(
                (context, baseDir, options) ->
                        new DefaultChatClientFactory(baseDir, context.env(), CallObserver.NONE, options),
                context -> new PythonToolRunner(PythonToolOptions.defaults(context.env())),
                context -> new JavaToolRunner(),
                FlowCommandServices::loadExperiment);
    }

    private static Experiment loadExperiment(ExperimentRequest request, CliContext context) {
        LoadedExperiment loaded = new ExperimentLoader().load(request, context.env(), context.masker());
        for (Problem warning : loaded.warnings()) {
            context.err().println(warning.format());
        }
        return loaded.experiment();
    }
}
