package dev.llmops.run.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * What statistics need from one record of {@code outputs.jsonl}: read with a streaming parser that skips the
 * outputs and aggregation inputs instead of building them, so counting a run costs little whatever its lines hold.
 */
record LineFacts(int lineNumber, boolean failed, long promptTokens, long completionTokens, long latencyMs) {

    /** @throws IOException when the record is not a JSON object with a {@code line_number} */
    static LineFacts read(ObjectMapper mapper, byte[] record) throws IOException {
        int lineNumber = -1;
        boolean failed = false;
        long prompt = 0;
        long completion = 0;
        long latency = 0;
        try (JsonParser p = mapper.createParser(record)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "line_number" -> lineNumber = p.getValueAsInt(-1);
                    case "status" -> failed = LineRecord.FAILED.equals(p.getValueAsString());
                    case "latency_ms" -> latency = p.getValueAsLong(0);
                    case "tokens" -> {
                        if (value == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String name = p.currentName();
                                p.nextToken();
                                if (name.equals("prompt")) {
                                    prompt = p.getValueAsLong(0);
                                } else if (name.equals("completion")) {
                                    completion = p.getValueAsLong(0);
                                } else {
                                    p.skipChildren();
                                }
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        if (lineNumber < 0) {
            throw new IOException("no line_number");
        }
        return new LineFacts(lineNumber, failed, prompt, completion, latency);
    }

    void addTo(LineStats stats) {
        stats.add(failed, promptTokens, completionTokens, latencyMs);
    }
}
