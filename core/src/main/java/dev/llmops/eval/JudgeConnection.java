package dev.llmops.eval;

import dev.llmops.error.ConfigException;
import dev.llmops.eval.builtin.BuiltinEvaluators;
import dev.llmops.eval.builtin.JudgeContext;
import dev.llmops.eval.builtin.PromptRenderer;
import dev.llmops.experiment.Evaluator;
import dev.llmops.experiment.Experiment;
import dev.llmops.flow.template.ChatParser;
import dev.llmops.flow.template.RoleEscaper;
import dev.llmops.flow.template.TemplateRenderer;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.run.engine.FlowEngine;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connection LLM judges ({@code builtin:groundedness}, ...) call: the experiment's connection named
 * {@value #NAME}, with its deployment from the connection's {@code deployment_name} (or {@code deployment},
 * {@code model}). Judge prompts render with the flow engine's Jinja renderer and role markers, exactly like a
 * prompty node.
 */
final class JudgeConnection {

    static final String NAME = "judge";

    private static final Pattern FRONT_MATTER =
            Pattern.compile("\\A-{3,}[ \\t]*\\r?\\n.*?\\r?\\n-{3,}[ \\t]*(?:\\r?\\n|\\z)(.*)\\z", Pattern.DOTALL);

    private JudgeConnection() {}

    /** The judge context for a judge evaluator; empty for the others, which call no model. */
    static Optional<JudgeContext> of(Experiment experiment, Evaluator evaluator, FlowEngine engine) {
        String name = evaluator.flow().substring(BuiltinEvaluators.PREFIX.length());
        if (!BuiltinEvaluators.isJudge(name)) {
            return Optional.empty();
        }
        ConnectionConfig config = experiment
                .connection(NAME)
                .orElseThrow(() -> ConfigException.of(
                        "evaluator '" + evaluator.name() + "' (" + evaluator.flow()
                                + ") is an LLM judge and needs a connection named '" + NAME + "'",
                        "add to connections: {name: judge, connection_type: AzureOpenAIConnection, api_base: ...,"
                                + " deployment_name: gpt-4o-mini}"));
        String deployment = firstProperty(config, "deployment_name", "deployment", "model");
        if (deployment == null) {
            throw ConfigException.of(
                    "connection '" + NAME + "' has no deployment_name for the LLM judge of evaluator '"
                            + evaluator.name() + "'",
                    "add deployment_name: <your judge deployment> to the '" + NAME + "' connection");
        }
        TemplateRenderer templates = new TemplateRenderer();
        PromptRenderer renderer = (resource, text, inputs) -> {
            Matcher m = FRONT_MATTER.matcher(text);
            String body = m.matches() ? m.group(1) : text;
            RoleEscaper escaper = new RoleEscaper();
            return List.copyOf(ChatParser.parse(templates.render(resource, body, escaper.escape(inputs)), escaper));
        };
        return Optional.of(new JudgeContext(engine.connections().chatClient(NAME), deployment, renderer));
    }

    private static String firstProperty(ConnectionConfig config, String... keys) {
        for (String key : keys) {
            String value = config.property(key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
