package dev.llmops.report;

/** How a line of an evaluation run ended. */
public enum LineStatus {
    /** Scored, and no evaluator judged it a failure. */
    PASSED,
    /** Scored, and an evaluator judged it a failure (e.g. {@code _result = fail}, or a wrong grade). */
    FAILED,
    /** The line did not complete: the flow or the evaluator raised an error. */
    ERROR
}
