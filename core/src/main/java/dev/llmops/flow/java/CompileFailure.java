package dev.llmops.flow.java;

import dev.llmops.error.Problem;
import dev.llmops.flow.tool.ToolException;
import java.util.List;

/** A code tool does not compile; carries every compiler error with its line and column. */
final class CompileFailure extends ToolException {

    private final transient List<Problem> problems;

    CompileFailure(String message, String detail, List<Problem> problems) {
        super(message, detail);
        this.problems = List.copyOf(problems);
    }

    List<Problem> problems() {
        return problems;
    }
}
