package dev.llmops.ci;

import static dev.llmops.cli.CliAssert.assertThat;

import dev.llmops.cli.CliRun;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A repository as a user makes it: {@code git init}, {@code llmops init use-cases/demo}, then {@code llmops ci init}
 * for every platform; and a "release" of llmops beside it (llmops.jar and llmops.jar.sha256, served from a
 * {@code file:} URL) for the pipelines' setup step to install.
 */
public final class NewRepository {

    public static final String USE_CASE = "use-cases/demo";

    public final Path root;
    final String releaseUrl;

    private NewRepository(Path root, String releaseUrl) {
        this.root = root;
        this.releaseUrl = releaseUrl;
    }

    public static NewRepository create(Path dir) throws IOException, InterruptedException {
        Path root = Files.createDirectories(dir.resolve("repo"));
        Process git = new ProcessBuilder("git", "init", "-q")
                .directory(root.toFile())
                .inheritIO()
                .start();
        if (git.waitFor() != 0) throw new AssertionError("git init failed");
        assertThat(CliRun.in(root).run("init", USE_CASE)).succeeded();
        for (String platform : new String[] {"github", "azure", "jenkins"}) {
            assertThat(CliRun.in(root).run("ci", "init", "--platform", platform, "-u", USE_CASE))
                    .succeeded()
                    .outContains("Set up before the first run");
        }
        return new NewRepository(root, release(Files.createDirectories(dir.resolve("release"))));
    }

    /** Copies the repository, so that each rehearsal starts from the files as committed. */
    Path copy(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(root.relativize(file).toString());
                if (Files.isDirectory(file)) Files.createDirectories(to);
                else Files.copy(file, to);
            }
        }
        return target;
    }

    Map<String, String> releaseVars() {
        Map<String, String> vars = new HashMap<>();
        vars.put("LLMOPS_RELEASE_URL", releaseUrl);
        return vars;
    }

    /** A runnable jar whose class path is this test's: the llmops built here, as a release would carry it. */
    private static String release(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.llmops.cli.Main");
        String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toUri().toString())
                .collect(Collectors.joining(" "));
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        Path jar = dir.resolve("llmops.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.finish(); // The manifest is the whole jar.
        }
        try {
            String sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
            Files.writeString(dir.resolve("llmops.jar.sha256"), sha + "  llmops.jar\n");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return dir.toUri().toString().replaceAll("/$", "");
    }

    static void corruptChecksum(String releaseUrl) {
        try {
            Path sums = Path.of(java.net.URI.create(releaseUrl)).resolve("llmops.jar.sha256");
            Files.writeString(sums, "0".repeat(64) + "  llmops.jar\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
