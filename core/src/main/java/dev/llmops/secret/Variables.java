package dev.llmops.secret;

import dev.llmops.SystemEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code ${NAME}} placeholders are looked up: the real process environment first, then the use case's
 * {@code .env}, then the repository root's {@code .env}. An empty real variable counts as unset, so that a CI
 * job that exports {@code AOAI_API_KEY=} for a missing secret falls through to {@code .env} or is reported.
 */
public final class Variables {

    private final SystemEnv env;
    private final List<DotEnv> dotEnvs;

    public Variables(SystemEnv env, List<DotEnv> dotEnvs) {
        this.env = env;
        this.dotEnvs = List.copyOf(dotEnvs);
    }

    /**
     * Reads the {@code .env} files that apply to a use case: {@code <useCaseDir>/.env}, then
     * {@code <repository root>/.env}, where the root is the nearest ancestor holding {@code .git} or
     * {@code mvnw}, else the working directory.
     *
     * @throws dev.llmops.error.ConfigException when a {@code .env} file is malformed
     */
    public static Variables forUseCase(SystemEnv env, Path useCaseDir) {
        List<DotEnv> files = new ArrayList<>();
        Path dir = useCaseDir.toAbsolutePath().normalize();
        Path own = dir.resolve(".env");
        if (Files.isRegularFile(own)) {
            files.add(DotEnv.read(own));
        }
        Path root = repositoryRoot(dir, env.workingDir());
        Path rootEnv = root.resolve(".env");
        if (!rootEnv.equals(own) && Files.isRegularFile(rootEnv)) {
            files.add(DotEnv.read(rootEnv));
        }
        return new Variables(env, files);
    }

    static Path repositoryRoot(Path start, Path fallback) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git")) || Files.exists(p.resolve("mvnw"))) {
                return p;
            }
        }
        return fallback;
    }

    /** The value of a variable, or empty when it is unset (or set to the empty string) everywhere. */
    public Optional<String> get(String name) {
        Optional<String> real = env.get(name).filter(v -> !v.isEmpty());
        if (real.isPresent()) {
            return real;
        }
        for (DotEnv file : dotEnvs) {
            String v = file.values().get(name);
            if (v != null && !v.isEmpty()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** True when the variable exists anywhere, even with an empty value. */
    public boolean isDefined(String name) {
        return env.variables().containsKey(name)
                || dotEnvs.stream().anyMatch(f -> f.values().containsKey(name));
    }

    public List<Path> dotEnvFiles() {
        return dotEnvs.stream().map(DotEnv::file).toList();
    }
}
