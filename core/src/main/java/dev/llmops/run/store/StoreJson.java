package dev.llmops.run.store;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.llmops.json.Json;

/**
 * The JSON mapping of the run store's files: snake_case keys, ISO timestamps, unknown keys tolerated. NaN and
 * ±Infinity are the bare tokens {@code NaN}, {@code Infinity} and {@code -Infinity}, as Python's {@code json}
 * (and so Prompt Flow) writes them, and are read back as doubles: written as strings they would reach an
 * aggregation node as {@code "NaN"} and break {@code np.nanmean}.
 */
final class StoreJson {

    private StoreJson() {}

    static ObjectMapper mapper() {
        // Lines are written from virtual threads.
        return JsonMapper.builder(Json.pooledFactory())
                .addModule(new JavaTimeModule())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                .build();
    }
}
