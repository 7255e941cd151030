package dev.llmops.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.flow.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a successful {@code /score} of a flow answers, as {@link ScoreService} answers it, so that a smoke test can
 * tell a served flow from something else answering 200 (another flow, a proxy's page, an error wrapped in 200).
 */
public sealed interface ResponseShape {

    /** No flow known: any JSON document. */
    record AnyJson() implements ResponseShape {}

    /** A {@code .prompty}: its bare value, any JSON. */
    record BareValue() implements ResponseShape {}

    /** A flex entry: its bare value, or the mapping it returned. */
    record FlexValue() implements ResponseShape {}

    /** A DAG flow: a JSON object holding exactly these outputs. */
    record Outputs(List<String> names) implements ResponseShape {
        public Outputs {
            names = List.copyOf(names);
        }
    }

    /**
     * @param includedFields {@code PROMPTFLOW_RESPONSE_INCLUDED_FIELDS} as the server would read it
     */
    public static ResponseShape of(Flow flow, Optional<Set<String>> includedFields) {
        if (ScoreService.isPrompty(flow)) {
            return new BareValue();
        }
        if (flow.flex().isPresent()) {
            return new FlexValue();
        }
        return new Outputs(ScoreService.returnedOutputs(flow, includedFields));
    }

    /**
     * What is wrong with a 200 answer, or empty when it has this shape.
     *
     * @param contentType the answer's {@code Content-Type}
     */
    default Optional<String> problem(String contentType, String body) {
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return Optional.of("answered Content-Type '" + contentType + "', not application/json");
        }
        JsonNode answer;
        try {
            answer = new ObjectMapper().readTree(body);
        } catch (JsonProcessingException e) {
            return Optional.of("answered a body that is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (answer == null || answer.isMissingNode()) {
            return Optional.of("answered an empty body");
        }
        if (answer.isObject() && answer.size() == 1 && answer.path("error").isObject()) {
            return Optional.of("answered an error: " + answer.path("error"));
        }
        if (!(this instanceof Outputs o)) {
            return Optional.empty();
        }
        if (!answer.isObject()) {
            return Optional.of("answered " + answer.getNodeType().toString().toLowerCase(Locale.ROOT)
                    + " JSON, not an object with the flow's outputs " + ScoreService.quoted(o.names()));
        }
        List<String> unknown = new ArrayList<>();
        answer.fieldNames().forEachRemaining(n -> {
            if (!o.names().contains(n)) {
                unknown.add(n);
            }
        });
        List<String> missing = o.names().stream().filter(n -> !answer.has(n)).toList();
        if (unknown.isEmpty() && missing.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder("answered outputs ");
        List<String> given = new ArrayList<>();
        answer.fieldNames().forEachRemaining(given::add);
        sb.append(ScoreService.quoted(given)).append(" where the flow returns ").append(ScoreService.quoted(o.names()));
        if (!missing.isEmpty()) {
            sb.append("; missing ").append(ScoreService.quoted(missing));
        }
        if (!unknown.isEmpty()) {
            sb.append("; not outputs of the flow ").append(ScoreService.quoted(unknown));
        }
        return Optional.of(sb.toString());
    }
}
