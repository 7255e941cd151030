package dev.llmops.init;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Scaffolds a new use case from a template: experiment files for the base, {@code dev}, {@code pr} and
 * {@code offline} environments, a standard and an evaluation flow, sample data, recordings that make the
 * offline environment run at once, deployment configuration and a README.
 *
 * <p>Never overwrites: every target is checked before the first file is written, and a conflict on any of them
 * stops the whole scaffold with the list of conflicting files.
 */
public final class UseCaseInitializer {

    private final TemplateSource templates;

    public UseCaseInitializer() {
        this(UseCaseInitializer.class.getClassLoader());
    }

    UseCaseInitializer(ClassLoader loader) {
        this.templates = new TemplateSource(loader);
    }

    /**
     * Writes the template's files into the request's folder, creating it if needed.
     *
     * @throws ConfigException when the folder is a file, the name is invalid, any target file already exists
     *     (nothing is written then), or a file cannot be written (the files written so far are removed)
     */
    public InitResult initialize(InitRequest request) {
        Path dir = request.directory().toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw ConfigException.at(
                    dir, 0, 0, "is a file, not a folder", "give a new or existing folder to scaffold the use case in");
        }
        Path folderName = dir.getFileName();
        String name = UseCaseName.choose(request.name().orElse(null), folderName == null ? "" : folderName.toString());
        List<ScaffoldFile> files = templates.files(request.template(), name);
        refuseConflicts(dir, files);
        return new InitResult(dir, name, request.template(), write(dir, files));
    }

    private static void refuseConflicts(Path dir, List<ScaffoldFile> files) {
        List<Problem> conflicts = new ArrayList<>();
        for (ScaffoldFile file : files) {
            Path target = dir.resolve(file.path());
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                conflicts.add(Problem.error(target, 0, 0, "already exists", null));
            } else if (blockedByFile(dir, target)) {
                conflicts.add(Problem.error(target, 0, 0, "cannot be created: a parent path is a file", null));
            }
        }
        if (!conflicts.isEmpty()) {
            // A summary, not one more error: the count of errors must match the files listed.
            throw new ConfigException(
                    conflicts,
                    "nothing was written: " + conflicts.size() + " of " + files.size()
                            + " files of the template would be overwritten (choose another folder, or move those"
                            + " files away first)");
        }
    }

    private static boolean blockedByFile(Path dir, Path target) {
        for (Path parent = target.getParent(); parent != null && parent.startsWith(dir); parent = parent.getParent()) {
            if (Files.exists(parent) && !Files.isDirectory(parent)) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> write(Path dir, List<ScaffoldFile> files) {
        List<Path> written = new ArrayList<>();
        for (ScaffoldFile file : files) {
            Path target = dir.resolve(file.path());
            try {
                Files.createDirectories(target.getParent());
                // CREATE_NEW: a file that appeared since the check is still never overwritten.
                Files.writeString(target, file.content(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                written.add(dir.relativize(target));
            } catch (IOException e) {
                removeQuietly(dir, written);
                String reason = e instanceof FileAlreadyExistsException ? "appeared while writing" : e.toString();
                throw ConfigException.at(
                        target,
                        0,
                        0,
                        "cannot write the file: " + reason,
                        "the " + written.size() + " files written before it were removed; fix the folder and run"
                                + " init again");
            }
        }
        return written;
    }

    private static void removeQuietly(Path dir, List<Path> written) {
        for (Path file : written.reversed()) {
            try {
                Files.deleteIfExists(dir.resolve(file));
            } catch (IOException ignored) {
                // Best effort: the error reported to the user names the folder to clean up.
            }
        }
    }
}
