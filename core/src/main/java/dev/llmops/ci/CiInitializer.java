package dev.llmops.ci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.llmops.error.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes a use case's pipeline file for one CI platform, plus the shared definitions it calls where the repository
 * does not have them yet, and lists the settings to make on the CI system.
 *
 * <p>Never overwrites: an existing use-case file stops it before anything is written; existing shared files are
 * kept as they are (they may hold the team's own changes).
 */
public final class CiInitializer {

    /** Safe unquoted in YAML, a shell word and a Groovy string: no spaces, quotes, {@code $} or globs. */
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private final CiTemplates templates;

    public CiInitializer() {
        this(CiInitializer.class.getClassLoader());
    }

    CiInitializer(ClassLoader loader) {
        this.templates = new CiTemplates(loader);
    }

    /**
     * @throws ConfigException when the folder is not a use case, is outside the repository or has a path the
     *     pipelines cannot quote safely, when no repository is found, when the use case's pipeline file exists
     *     (nothing is written then), or when a file cannot be written
     */
    public CiInitResult initialize(CiInitRequest request) {
        Path useCase = request.useCase().toAbsolutePath().normalize();
        Path experiment = useCase.resolve("experiment.yaml");
        if (!Files.isRegularFile(experiment)) {
            throw ConfigException.at(
                    useCase,
                    0,
                    0,
                    "has no experiment.yaml",
                    "point -u at a use-case folder, e.g. one made by llmops init");
        }
        Path repository =
                request.repository().map(p -> p.toAbsolutePath().normalize()).orElseGet(() -> findRepository(useCase));
        if (!useCase.startsWith(repository) || useCase.equals(repository)) {
            throw ConfigException.at(
                    useCase,
                    0,
                    0,
                    "is not inside the repository " + repository,
                    "keep the use case in a subfolder of the repository, e.g. use-cases/NAME");
        }
        String relative = repository.relativize(useCase).toString().replace('\\', '/');
        if (!SAFE_PATH.matcher(relative).matches()) {
            throw ConfigException.at(
                    useCase,
                    0,
                    0,
                    "its path '" + relative + "' has characters the pipelines cannot use unquoted",
                    "rename the folders to letters, digits, '.', '_' and '-'");
        }
        String name = name(experiment, useCase);
        CiPlatform platform = request.platform();

        Path target = repository.resolve(platform.useCaseFile(name));
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw ConfigException.at(
                    target,
                    0,
                    0,
                    "already exists; nothing was written",
                    "edit it, or move it away and run llmops ci init again");
        }
        List<Path> written = new ArrayList<>();
        List<Path> kept = new ArrayList<>();
        write(repository, target, templates.useCase(platform, name, relative));
        written.add(repository.relativize(target));
        for (String shared : platform.sharedFiles()) {
            Path file = repository.resolve(shared);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                kept.add(repository.relativize(file));
            } else {
                write(repository, file, templates.shared(shared));
                written.add(repository.relativize(file));
            }
        }
        return new CiInitResult(repository, name, platform, written, kept, CiSettings.of(platform));
    }

    private static Path findRepository(Path useCase) {
        for (Path dir = useCase.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
                return dir;
            }
        }
        throw ConfigException.at(
                useCase,
                0,
                0,
                "is not inside a git repository",
                "run git init in the repository root first, or give it with --repository DIR");
    }

    /** The experiment's {@code name:}, made safe for job, stage and artifact names; else the folder's name. */
    private static String name(Path experiment, Path useCase) {
        String raw = useCase.getFileName().toString();
        try {
            JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(experiment.toFile());
            if (node != null && node.path("name").isTextual()) {
                raw = node.path("name").asText();
            }
        } catch (IOException e) {
            // validate reports a broken experiment.yaml with its line; the folder name serves here.
        }
        String name = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (name.isEmpty()) {
            throw ConfigException.at(
                    experiment,
                    0,
                    0,
                    "no usable name: '" + raw + "' has no letters or digits",
                    "set name: in experiment.yaml to [a-z0-9_]");
        }
        return name;
    }

    private static void write(Path repository, Path file, String content) {
        try {
            for (Path dir = file.getParent();
                    dir != null && dir.startsWith(repository) && !dir.equals(repository);
                    dir = dir.getParent()) {
                if (Files.isSymbolicLink(dir)) {
                    throw ConfigException.at(
                            dir, 0, 0, "is a symbolic link; llmops does not write through links", null);
                }
            }
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw ConfigException.at(file, 0, 0, "cannot write the file: " + e, "fix the folder and run it again");
        }
    }
}
