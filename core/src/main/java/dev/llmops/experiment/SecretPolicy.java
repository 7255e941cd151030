package dev.llmops.experiment;

/** What an unset variable behind a placeholder means. */
enum SecretPolicy {
    /** An error: the value is needed (run, eval, validate). */
    REQUIRED,
    /** A warning: the value is only shown (show). */
    WARN,
    /** Nothing: the block is replaced by an overlay and never used. */
    IGNORE
}
