package dev.llmops.run.store;

/** The state of a run, as stored in {@code run.json}. Names match Prompt Flow's. */
public enum RunStatus {
    /** Lines are being executed by a live process. */
    Running,
    /**
     * The process writing the run died while it was {@link #Running} (killed, crashed, the machine stopped); never
     * stored: {@link RunStore} reports a {@code Running} run whose writing process is gone so. Resumable.
     */
    Interrupted,
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
        return this == Running || this == Interrupted || this == Canceled;
    }
}
