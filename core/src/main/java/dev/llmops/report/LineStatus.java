package dev.llmops.report;

/** How a line of an evaluation run ended. */
public enum LineStatus {
    /** Scored, and no evaluator judged it a failure. */
    PASSED,
    /** Scored, and an evaluator judged it a failure (e.g. {@code _result = fail}, or a wrong grade). */
    FAILED,
    /** The line did not complete: the flow or the evaluator raised an error. */
    ERROR;

    /**
     * The status of a completed line from its evaluator outputs: {@link #FAILED} when any {@code <score>_result}
     * output is {@code fail} (the built-in evaluators' and azure-ai-evaluation's convention) or any output is the
     * word {@code Incorrect} (what the template's graders write), else {@link #PASSED}. Other free text is not a
     * verdict.
     */
    public static LineStatus fromOutputs(java.util.Map<String, ?> outputs) {
        boolean failed = outputs.entrySet().stream()
                .anyMatch(e -> e.getValue() instanceof String s
                        && ((e.getKey().endsWith("_result") && "fail".equals(s))
                                || "incorrect".equalsIgnoreCase(s.strip())));
        return failed ? FAILED : PASSED;
    }
}
