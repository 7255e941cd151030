package dev.llmops.init;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether a {@code python3} can be started, for tests that need a real interpreter. */
final class Python {

    private Python() {}

    static boolean available() {
        try {
            Process process = new ProcessBuilder("python3", "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
