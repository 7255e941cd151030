package dev.llmops.testing.arm;

/** A long-running operation of the fake: {@code InProgress} for some polls, then it completes. */
final class FakeOperation {

    /** Runs when the operation ends; returns the error when it failed, null when it succeeded. */
    @FunctionalInterface
    interface Completion {
        Failure complete();
    }

    record Failure(String code, String message) {}

    private final String id;
    private final String location;
    private final Completion completion;
    private int remaining;
    private String status = "InProgress";
    private Failure error;

    FakeOperation(String id, String location, int polls, Completion completion) {
        this.id = id;
        this.location = location;
        this.remaining = polls;
        this.completion = completion;
    }

    String id() {
        return id;
    }

    String location() {
        return location;
    }

    String status() {
        return status;
    }

    Failure error() {
        return error;
    }

    boolean isDone() {
        return !status.equals("InProgress");
    }

    void advance() {
        if (isDone()) {
            return;
        }
        if (--remaining <= 0) {
            error = completion.complete();
            status = error == null ? "Succeeded" : "Failed";
        }
    }
}
