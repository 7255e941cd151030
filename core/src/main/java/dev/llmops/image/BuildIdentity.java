package dev.llmops.image;

import dev.llmops.SystemEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The build id and commit of an image, from the CI platform's variables or from git. */
public final class BuildIdentity {

    /** Build-id variables of GitHub Actions, Azure DevOps and Jenkins, in that order. */
    private static final List<String> BUILD_ID_VARIABLES = List.of("GITHUB_RUN_ID", "BUILD_BUILDID", "BUILD_NUMBER");

    private static final List<String> SHA_VARIABLES = List.of("GITHUB_SHA", "BUILD_SOURCEVERSION", "GIT_COMMIT");

    private BuildIdentity() {}

    public static Optional<String> buildId(SystemEnv env) {
        return first(env, BUILD_ID_VARIABLES);
    }

    /** The CI platform's commit, else {@code git rev-parse HEAD} in the use case (empty outside a repository). */
    public static Optional<String> gitSha(SystemEnv env, Path useCaseDir) {
        Optional<String> fromCi = first(env, SHA_VARIABLES);
        if (fromCi.isPresent()) {
            return fromCi;
        }
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD")
                    .directory(useCaseDir.toFile())
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40,64}")) {
                return Optional.of(out);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no git here: the image simply has no commit label
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The build id as a tag: characters a tag may not hold become {@code -}, at most 128.
     *
     * @return empty when nothing usable is left
     */
    public static Optional<String> asTag(String buildId) {
        String tag = buildId.replaceAll("[^A-Za-z0-9_.-]", "-").replaceFirst("^[.-]+", "");
        if (tag.length() > 128) {
            tag = tag.substring(0, 128);
        }
        return tag.isEmpty() ? Optional.empty() : Optional.of(tag);
    }

    private static Optional<String> first(SystemEnv env, List<String> names) {
        return names.stream()
                .map(env::get)
                .flatMap(Optional::stream)
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .findFirst();
    }
}
