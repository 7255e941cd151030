package dev.llmops.llm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A named connection with its properties already resolved. Values in {@code secretProperties} came from secrets
 * and must never be printed: {@link #toString()} and {@link #masked()} hide them.
 *
 * @param name the name flows refer to, e.g. {@code aoai}
 * @param type the connection type as written, e.g. {@code AzureOpenAIConnection}
 * @param properties every property except {@code name} and {@code connection_type}
 * @param secretProperties the keys whose values are secrets
 */
public record ConnectionConfig(String name, String type, Map<String, String> properties, Set<String> secretProperties) {

    public ConnectionConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        secretProperties = Set.copyOf(secretProperties);
    }

    public String property(String key) {
        return properties.get(key);
    }

    /** The properties with secret values replaced by {@code ***}. */
    public Map<String, String> masked() {
        Map<String, String> out = new LinkedHashMap<>();
        properties.forEach((k, v) -> out.put(k, secretProperties.contains(k) && v != null ? "***" : v));
        return out;
    }

    @Override
    public String toString() {
        return "ConnectionConfig[name=" + name + ", type=" + type + ", properties=" + masked() + "]";
    }
}
