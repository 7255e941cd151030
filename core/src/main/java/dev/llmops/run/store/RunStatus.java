package dev.llmops.run.store;

/** The state of a run, as stored in {@code run.json}. Names match Prompt Flow's. */
public enum RunStatus {
    /** Lines are being executed (or the process died while they were: resumable). */
    Running,
    /** Every line succeeded. */
    Completed,
    /** Finished, some lines failed. */
    CompletedWithErrors,
    /** The run could not proceed (every line failed, aggregation failed, the flow could not load). */
    Failed,
    /** Interrupted by the user; finished lines are kept and the run is resumable. */
    Canceled;

    /** Whether {@code --resume} has work left in a run with this status. */
    public boolean resumable() {
        return this == Running || this == Canceled;
    }
}
