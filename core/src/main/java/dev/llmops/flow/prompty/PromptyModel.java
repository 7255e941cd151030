package dev.llmops.flow.prompty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A prompty's {@code model.configuration}. Values are kept as written: {@code ${env:NAME}} is resolved when the
 * prompty runs, against the run's environment, so that no secret is read or held at load time.
 *
 * @param type {@code azure_openai} or {@code openai}
 * @param connection a connection name to use instead of inline endpoint and key; null when absent
 * @param properties the other configuration keys ({@code azure_endpoint}, {@code azure_deployment},
 *     {@code api_key}, {@code api_version}, {@code model}, {@code base_url}, {@code organization}, ...)
 */
public record PromptyModel(String type, String connection, Map<String, String> properties) {

    public PromptyModel {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public Optional<String> connectionName() {
        return Optional.ofNullable(connection);
    }

    /** The deployment (Azure) or model (OpenAI) name as written, possibly an {@code ${env:..}} reference. */
    public String deployment() {
        String d = properties.get("azure_deployment");
        return d != null ? d : properties.get("model");
    }
}
