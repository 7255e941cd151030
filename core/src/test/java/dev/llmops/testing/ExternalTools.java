package dev.llmops.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.opentest4j.TestAbortedException;

/** Programs the tests run for real (installed by {@code .ci/run}): required under CI, skipped with a note elsewhere. */
public final class ExternalTools {

    private ExternalTools() {}

    /**
     * @return the program's path on {@code PATH} (or in {@code /usr/sbin}, {@code /usr/bin})
     * @throws AssertionError under CI when it is missing; {@link TestAbortedException} otherwise
     */
    public static String require(String name, String aptPackage) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin:/bin";
        for (String dir : path.split(":")) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        String message = name + " is not installed: bash .ci/run installs it (apt-get install " + aptPackage + ")";
        if (System.getenv("CI") != null) {
            throw new AssertionError(message);
        }
        throw new TestAbortedException(message);
    }
}
