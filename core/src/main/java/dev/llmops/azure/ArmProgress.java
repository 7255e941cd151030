package dev.llmops.azure;

import java.time.Duration;

/** Told about every poll of a long-running operation, so a command can show progress. */
@FunctionalInterface
public interface ArmProgress {

    ArmProgress NONE = (what, status, elapsed) -> {};

    /**
     * @param what the operation, e.g. {@code "create deployment blue"}
     * @param status the last status ARM reported ({@code InProgress}, {@code Updating}, ...)
     * @param elapsed time since the operation started
     */
    void polled(String what, String status, Duration elapsed);
}
