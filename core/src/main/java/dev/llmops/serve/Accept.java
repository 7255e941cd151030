package dev.llmops.serve;

import java.util.ArrayList;
import java.util.List;

/** The request's Accept header as Prompt Flow reads it: values split on commas, q-values ignored. */
record Accept(List<String> types) {

    static Accept of(List<String> headerValues) {
        List<String> types = new ArrayList<>();
        for (String v : headerValues) {
            for (String t : v.split(",")) {
                if (!t.isBlank()) {
                    types.add(t.strip());
                }
            }
        }
        return new Accept(types.isEmpty() ? List.of("*/*") : List.copyOf(types));
    }

    boolean eventStream() {
        return types.stream().anyMatch(t -> mediaType(t).equals("text/event-stream"));
    }

    boolean json() {
        return types.stream()
                .map(Accept::mediaType)
                .anyMatch(t -> t.equals("application/json") || t.equals("application/*") || t.equals("*/*"));
    }

    private static String mediaType(String value) {
        int semi = value.indexOf(';');
        return (semi < 0 ? value : value.substring(0, semi)).strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** Python's repr of the list, as Prompt Flow's 406 message shows it. */
    @Override
    public String toString() {
        return ScoreService.quoted(types);
    }
}
