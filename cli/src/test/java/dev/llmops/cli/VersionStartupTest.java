package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmops --version} through {@link Main#main} in its own JVM answers before the command model is built:
 * what it loads decides its start-up (the time itself is measured in bench/, not here).
 */
class VersionStartupTest {

    @TempDir
    Path dir;

    @Test
    void should_print_the_version_without_loading_the_command_model() throws Exception {
        // given
        Path classes = dir.resolve("classes.log");

        // when
        Result result = java("-Xlog:class+load:file=" + classes, Main.class.getName(), "--version");

        // then the same line picocli printed, and none of the commands, picocli's model or the template engine
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("llmops dev (Java " + System.getProperty("java.runtime.version") + ")\n");
        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded).as("classes loaded").anyMatch(l -> l.contains(" dev.llmops.cli.Main "));
        assertThat(loaded)
                .noneMatch(l -> l.contains(" picocli.CommandLine "))
                .noneMatch(l -> l.contains(" dev.llmops.cli.Commands "))
                .noneMatch(l -> l.contains(" dev.llmops.cli.RunCommand "))
                .noneMatch(l -> l.contains("jinjava"));
    }

    @Test
    void should_still_print_the_version_through_picocli_after_other_options() throws Exception {
        // when
        Result result = java(Main.class.getName(), "--verbose", "--version");

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("llmops dev (Java " + System.getProperty("java.runtime.version") + ")\n");
    }

    private Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("java did not finish: " + out);
        }
        return new Result(p.exitValue(), out);
    }

    private record Result(int exitCode, String out) {}
}
