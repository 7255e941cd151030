package dev.llmops.eval.builtin;

/**
 * A line lacks an input a built-in evaluator needs. Thrown per line; the runner records the line as failed with
 * this message. Retrying does not help: the evaluator dataset's mappings must be fixed.
 */
public class EvaluatorInputException extends RuntimeException {

    public EvaluatorInputException(String message) {
        super(message);
    }
}
