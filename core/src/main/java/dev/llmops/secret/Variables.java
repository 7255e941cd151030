package dev.llmops.secret;

import dev.llmops.SystemEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code ${NAME}} placeholders are looked up: the real process environment first, then the use case's
 * {@code .env}, then the repository root's {@code .env}, then the template's {@code .env.sample} files (use case,
 * then root). An empty value counts as unset everywhere, so that a CI job that exports {@code AOAI_API_KEY=} for a
 * missing secret falls through to {@code .env} or is reported, and the template's all-empty {@code .env.sample}
 * changes nothing.
 */
public final class Variables {

    private final SystemEnv env;
    private final List<DotEnv> dotEnvs;

    public Variables(SystemEnv env, List<DotEnv> dotEnvs) {
        this.env = env;
        this.dotEnvs = List.copyOf(dotEnvs);
    }

    /** The template's file of variable names, read after every {@code .env}. */
    public static final String SAMPLE = ".env.sample";

    /**
     * Reads the {@code .env} files that apply to a use case: {@code <useCaseDir>/.env}, then
     * {@code <repository root>/.env}, then {@code .env.sample} in the same two folders, where the root is the
     * nearest ancestor holding {@code .git} or {@code mvnw}, else the working directory.
     *
     * @throws dev.llmops.error.ConfigException when a {@code .env} file is malformed
     */
    public static Variables forUseCase(SystemEnv env, Path useCaseDir) {
        List<DotEnv> files = new ArrayList<>();
        Path dir = useCaseDir.toAbsolutePath().normalize();
        Path root = repositoryRoot(dir, env.workingDir());
        for (String name : List.of(".env", SAMPLE)) {
            Path own = dir.resolve(name);
            if (Files.isRegularFile(own)) {
                files.add(DotEnv.read(own));
            }
            Path rootFile = root.resolve(name);
            if (!rootFile.equals(own) && Files.isRegularFile(rootFile)) {
                files.add(DotEnv.read(rootFile));
            }
        }
        return new Variables(env, files);
    }

    /** The {@code .env.sample} files that hold a value (a sample file is usually committed: values belong in .env). */
    public List<Path> filledSamples() {
        return dotEnvs.stream()
                .filter(f -> f.file().getFileName().toString().equals(SAMPLE))
                .filter(f -> f.values().values().stream().anyMatch(v -> v != null && !v.isEmpty()))
                .map(DotEnv::file)
                .toList();
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
