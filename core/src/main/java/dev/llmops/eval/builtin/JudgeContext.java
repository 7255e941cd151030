package dev.llmops.eval.builtin;

import dev.llmops.llm.ChatClient;
import java.util.Objects;

/**
 * What LLM-judge evaluators need from the run: the judge connection's client and deployment, and the flow
 * engine's prompty renderer.
 *
 * @param client the client of the judge connection named in the experiment
 * @param deployment the judge deployment or model name
 * @param renderer renders a shipped {@code .prompty} resource with a line's inputs
 */
public record JudgeContext(ChatClient client, String deployment, PromptRenderer renderer) {

    public JudgeContext {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(renderer, "renderer");
    }
}
