package dev.llmops.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * {@code ./mvnw} starts on every JDK the README promises: the JVM flag that quiets Maven's {@code sun.misc.Unsafe}
 * warnings on JDK 24+ ({@code --sun-misc-unsafe-memory-access}, JDK 23+) is refused by older JDKs, so the wrapper
 * passes it only to a JDK that knows it.
 */
class MavenWrapperTest {

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    @Test
    void should_start_maven_on_a_jdk_that_does_not_know_the_unsafe_memory_access_flag() {
        // given a JDK older than 23 (the flag came with JEP 471 in JDK 23)
        Path jdk = olderJdk().orElse(null);
        if (jdk == null) {
            skipOrFail("no JDK older than 23 under /usr/lib/jvm: bash .ci/run installs openjdk-17-jre-headless");
        }

        // when
        Result result = mvnw(jdk, "-v");

        // then
        assertThat(result.output()).doesNotContain("Unrecognized option");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Java version: " + major(jdk).orElseThrow());
    }

    @Test
    void should_build_on_the_running_jdk_without_unsafe_warnings() {
        // given the JDK that runs this build (25 here; 21 in the GitHub workflow)
        Path jdk = Path.of(System.getProperty("java.home"));

        // when: a real Maven session (the warning comes from Guice, which a bare -v never loads)
        Result result = mvnw(jdk, "-o", "-q", "-N", "-Denforcer.skip=true", "-Dspotless.check.skip=true", "validate");

        // then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("sun.misc.Unsafe").doesNotContain("Unrecognized option");
    }

    private static Result mvnw(Path jdk, String... args) {
        Path root = repositoryRoot();
        List<String> command = Stream.concat(Stream.of(root.resolve("mvnw").toString()), Stream.of(args))
                .toList();
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", jdk.toString());
        env.put("LLMOPS_SKIP_JDK_SELECT", "1");
        // The Maven running this test exported its own MAVEN_OPTS (with the flag, on JDK 23+).
        env.remove("MAVEN_OPTS");
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("JAVA_TOOL_OPTIONS");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("mvnw did not finish: " + out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Optional<Path> olderJdk() {
        try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
            return homes.filter(home -> !Files.isSymbolicLink(home))
                    .filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> major(home).filter(m -> m >= 8 && m < 23).isPresent())
                    .sorted()
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> major(Path home) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("cli"))) return dir;
        }
        throw new AssertionError("no mvnw above " + Path.of("").toAbsolutePath());
    }

    private static void skipOrFail(String message) {
        if (System.getenv("CI") != null) throw new AssertionError(message);
        throw new TestAbortedException(message);
    }

    private record Result(int exitCode, String output) {}
}
