package dev.llmops.cli;

/**
 * Ties a running command's clean cancellation to Ctrl-C (the JVM's shutdown): on SIGINT the current step is
 * stopped, what finished stays on disk, and the runs are marked Canceled and resumable. A pipeline arms it once per
 * step; each arm replaces the action. Removed when the command ends.
 */
final class CancelHook implements AutoCloseable {

    private Thread hook;
    private volatile Runnable cancel = () -> {};

    synchronized void arm(Runnable action) {
        cancel = action;
        if (hook == null) {
            hook = new Thread(() -> cancel.run(), "llmops-cancel");
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    @Override
    public synchronized void close() {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting (Ctrl-C): the hook is running and must finish its work.
            }
            hook = null;
        }
    }
}
