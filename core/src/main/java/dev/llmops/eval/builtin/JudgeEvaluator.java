package dev.llmops.eval.builtin;

import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An LLM judge scoring one quality on a 1–5 scale with a shipped {@code .prompty}. Outputs per line, as
 * {@code azure-ai-evaluation} names them: {@code <m>} and legacy {@code gpt_<m>} (scores), {@code <m>_reason},
 * {@code <m>_result} ({@code pass} when the score is at least the threshold 3, {@code fail}, or {@code unknown}
 * when the answer had no readable score) and {@code <m>_threshold}.
 */
public final class JudgeEvaluator implements BuiltinEvaluator {

    public static final double THRESHOLD = 3.0;

    private final String name;
    private final List<String> requiredInputs;
    private final JudgeContext context;
    private final String resource;
    private final String promptyText;

    JudgeEvaluator(String name, List<String> requiredInputs, JudgeContext context) {
        this.name = name;
        this.requiredInputs = List.copyOf(requiredInputs);
        this.context = context;
        this.resource = promptyResource(name);
        this.promptyText = readResource(resource);
    }

    /** Classpath location of the judge's prompt, e.g. {@code dev/llmops/eval/builtin/relevance.prompty}. */
    public static String promptyResource(String name) {
        return "dev/llmops/eval/builtin/" + name + ".prompty";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> requiredInputs() {
        return requiredInputs;
    }

    @Override
    public LineScore evaluate(Map<String, Object> inputs) {
        Map<String, Object> rendered = new LinkedHashMap<>();
        for (String input : requiredInputs) {
            rendered.put(input, Inputs.text(name, inputs, input));
        }
        // Optional inputs (groundedness's query) pass through when mapped.
        inputs.forEach(rendered::putIfAbsent);
        List<ChatMessage> messages = context.renderer().render(resource, promptyText, rendered);
        ChatResponse response = context.client()
                .chat(ChatRequest.chat(
                        context.deployment(),
                        messages,
                        // No response_format: older deployments reject it, and the parser reads fenced JSON,
                        // tags and bare digits anyway.
                        Map.of("temperature", 0, "top_p", 1, "max_tokens", 800)));
        JudgeVerdict verdict = JudgeVerdict.parse(response.text());
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put(name, verdict.score());
        scores.put("gpt_" + name, verdict.score());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(name + "_reason", verdict.reason());
        details.put(name + "_result", result(verdict.score()));
        details.put(name + "_threshold", THRESHOLD);
        return new LineScore(scores, details);
    }

    static String result(double score) {
        if (Double.isNaN(score)) {
            return "unknown";
        }
        return score >= THRESHOLD ? "pass" : "fail";
    }

    private static String readResource(String resource) {
        try (InputStream in = JudgeEvaluator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in judge prompt missing from the jar: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in judge prompt " + resource, e);
        }
    }
}
