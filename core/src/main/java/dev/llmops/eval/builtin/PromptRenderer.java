package dev.llmops.eval.builtin;

import dev.llmops.llm.ChatMessage;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@code .prompty} file's text and one line's inputs into chat messages. The flow engine supplies the real
 * implementation (Jinja rendering, role markers), so judges render exactly like user prompty nodes.
 */
@FunctionalInterface
public interface PromptRenderer {

    /**
     * @param resource the classpath resource the prompty was read from, for error messages
     * @param promptyText the whole file: front matter and template
     * @param inputs the line's mapped inputs
     */
    List<ChatMessage> render(String resource, String promptyText, Map<String, Object> inputs);
}
