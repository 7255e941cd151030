package dev.llmops.flow.tool;

/**
 * A tool failed: it raised, could not be loaded, or its worker died. The line fails; other lines go on.
 * {@code detail} holds the tool's own traceback or compiler output when there is one. Retrying the same input
 * normally fails again, except when {@code workerCrashed} is true.
 */
public class ToolException extends RuntimeException {

    private final String detail;
    private final boolean workerCrashed;

    public ToolException(String message, String detail, boolean workerCrashed, Throwable cause) {
        super(message, cause);
        this.detail = detail;
        this.workerCrashed = workerCrashed;
    }

    public ToolException(String message, String detail) {
        this(message, detail, false, null);
    }

    public String detail() {
        return detail;
    }

    public boolean workerCrashed() {
        return workerCrashed;
    }
}
