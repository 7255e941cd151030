package dev.llmops.run.store;

import dev.llmops.error.StateException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * How the store writes files, so that nothing placed in a run folder can redirect a write: files are opened
 * without following symbolic links (a link where a store file belongs is refused with a clear error), and a
 * file is replaced through a temporary file of a unique name created exclusively, then renamed over it (a
 * rename replaces a link itself, never what it points to). Unique names also let two writers (the progress
 * checkpoint and the finisher) replace the same file at once without sharing a temporary.
 */
final class StoreFiles {

    private StoreFiles() {}

    /** Opens a store file for appending, creating it; a link in its place is refused. */
    static FileChannel openForAppend(Path file) throws IOException {
        return open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** Opens a store file for writing without appending or truncating (the lock file). */
    static FileChannel openForWrite(Path file) throws IOException {
        return open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /** Opens an existing store file to read and truncate; a link in its place is refused. */
    static FileChannel openForRepair(Path file) throws IOException {
        return open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /** Opens a store file that is about to be rewritten from its own content; a link in its place is refused. */
    static FileChannel openForRead(Path file) throws IOException {
        return open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    private static FileChannel open(Path file, OpenOption... options) throws IOException {
        try {
            return FileChannel.open(file, options);
        } catch (IOException e) {
            if (Files.isSymbolicLink(file)) {
                throw linkRefused(file);
            }
            throw e;
        }
    }

    /** Writes content that replaces {@code file} whole, or leaves it as it was. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code file} atomically with what {@code content} writes, through a temporary file of a unique name
     * in the same folder.
     */
    static void replace(Path file, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isSymbolicLink(dir)) {
            throw linkRefused(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(
                    tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static StateException linkRefused(Path path) {
        return new StateException(path + " is a symbolic link, and llmops never writes through a link in its run"
                + " store (it could overwrite any file). Remove the link, check how it got there, and try again");
    }
}
