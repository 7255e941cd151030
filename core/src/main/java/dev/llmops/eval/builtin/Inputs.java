package dev.llmops.eval.builtin;

import java.util.Map;

/** Reading mapped line inputs for the built-in evaluators. */
final class Inputs {

    private Inputs() {}

    /** Reads a required input as text; null or absent is an error, anything else is its string form. */
    static String text(String evaluator, Map<String, Object> inputs, String name) {
        Object value = inputs.get(name);
        if (value == null) {
            throw new EvaluatorInputException("builtin:" + evaluator + " needs input '" + name
                    + "' on every line; map it in the evaluator dataset's mappings, e.g. " + name
                    + ": ${data." + name + "}");
        }
        return value.toString();
    }
}
