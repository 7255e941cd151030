package dev.llmops.flow.prompty;

import dev.llmops.flow.FlowInput;
import dev.llmops.llm.LlmApi;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed {@code .prompty} file.
 *
 * @param name the {@code name} from the front matter, else the file name without extension
 * @param api chat (default) or completion
 * @param model where calls go: a connection name or an inline configuration
 * @param parameters {@code model.parameters}, passed to the model as given
 * @param inputs declared inputs with their defaults
 * @param sample {@code sample} values ({@code ${file:...}} already read); empty when none
 * @param template the Jinja2 body after the front matter
 * @param response {@code model.response}
 */
public record Prompty(
        String name,
        Path file,
        LlmApi api,
        PromptyModel model,
        Map<String, Object> parameters,
        Map<String, FlowInput> inputs,
        Map<String, Object> sample,
        String template,
        Response response) {

    /** {@code first}: the first choice's text; {@code all}: the whole response as an object. */
    public enum Response {
        FIRST,
        ALL
    }

    public Prompty {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        sample = Collections.unmodifiableMap(new LinkedHashMap<>(sample));
    }
}
