package dev.llmops.experiment;

import dev.llmops.expression.ReferenceSyntax;
import dev.llmops.expression.ReferenceSyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a dataset mapping gives a flow input, parsed once by the loader: a data column, an output or input of the
 * evaluated run, or a constant. Every later stage (validate, the input mapper, the report) takes this type and
 * never the text.
 */
public sealed interface Mapping {

    /** The value as written in the experiment file, for {@code show} and messages. */
    String text();

    /** {@code ${data.<column>}}: the column of the current line (a column name may hold dots). */
    record Column(String column, String text) implements Mapping {}

    /**
     * {@code ${run.outputs.<output>}} (or {@code ${target.<output>}}, the template's spelling for pure-python
     * evaluators): that output of the evaluated run's line with the same number, then {@code path} into it.
     */
    record RunOutput(String name, List<String> path, String text) implements Mapping {
        public RunOutput {
            path = List.copyOf(path);
        }
    }

    /** {@code ${run.inputs.<input>}}: that input of the evaluated run's line with the same number. */
    record RunInput(String name, List<String> path, String text) implements Mapping {
        public RunInput {
            path = List.copyOf(path);
        }
    }

    /** Any text without {@code ${}: the same value on every line. */
    record Constant(String text) implements Mapping {}

    /** True for the mappings that read an evaluated run (only evaluator datasets have one). */
    default boolean readsRun() {
        return this instanceof RunOutput || this instanceof RunInput;
    }

    /**
     * Parses a mapping value.
     *
     * @throws ReferenceSyntaxException when the text is a malformed or unknown reference; the message names it and
     *     the hint says what to write
     */
    static Mapping parse(String text) {
        ReferenceSyntax.Parsed parsed = ReferenceSyntax.parse(text);
        if (!(parsed instanceof ReferenceSyntax.Parsed.Reference ref)) {
            return new Constant(text);
        }
        List<String> names = ref.names();
        String head = names.get(0);
        if (head.equals("data") && names.size() >= 2) {
            return new Column(String.join(".", names.subList(1, names.size())), text);
        }
        if (head.equals("run")
                && names.size() >= 3
                && (names.get(1).equals("outputs") || names.get(1).equals("inputs"))) {
            List<String> path = names.subList(3, names.size());
            return names.get(1).equals("outputs")
                    ? new RunOutput(names.get(2), path, text)
                    : new RunInput(names.get(2), path, text);
        }
        if (head.equals("target") && names.size() >= 2) {
            return new RunOutput(names.get(1), names.subList(2, names.size()), text);
        }
        throw new ReferenceSyntaxException("unknown expression " + text.strip(), hint(ref), 0);
    }

    /** Parses every value of a map of flow input to mapping text (for programmatic and test use). */
    static Map<String, Mapping> parseAll(Map<String, String> texts) {
        Map<String, Mapping> out = new LinkedHashMap<>();
        texts.forEach((input, text) -> out.put(input, parse(text)));
        return Collections.unmodifiableMap(out);
    }

    private static String hint(ReferenceSyntax.Parsed.Reference ref) {
        List<String> names = ref.names();
        String head = names.get(0);
        List<String> rest = names.subList(1, names.size());
        String generic = "use ${data.<column>}, ${run.outputs.<output>} or ${run.inputs.<input>}";
        switch (head) {
            case "data":
                return "name the column: ${data.<column>}";
            case "target":
                return "name the output: ${target.output}";
            case "run":
                if (rest.isEmpty()) {
                    return generic;
                }
                String tail = rest.size() > 1 ? String.join(".", rest.subList(1, rest.size())) : "<name>";
                return Suggestions.closest(rest.get(0), List.of("outputs", "inputs"))
                        .map(c -> "did you mean ${run." + c + "." + tail + "}?")
                        .orElse(generic);
            default:
                return Suggestions.closest(head, List.of("data", "run", "target"))
                        .map(c -> "did you mean ${" + c + "." + (rest.isEmpty() ? "<name>" : String.join(".", rest))
                                + "}?")
                        .orElse(generic);
        }
    }
}
