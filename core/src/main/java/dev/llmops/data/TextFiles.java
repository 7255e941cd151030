package dev.llmops.data;

import dev.llmops.error.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens data files as strict UTF-8 text, skipping a leading byte order mark. */
final class TextFiles {

    private TextFiles() {}

    static BufferedReader open(Path file) {
        try {
            CharsetDecoder decoder = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16);
            reader.mark(1);
            int first = reader.read();
            if (first != '\uFEFF' && first != -1) {
                reader.reset();
            }
            return reader;
        } catch (NoSuchFileException e) {
            throw ConfigException.at(file, 0, 0, "data file not found", "check the dataset's source path");
        } catch (IOException e) {
            throw unreadable(file, 0, e);
        }
    }

    static ConfigException unreadable(Path file, int line, IOException e) {
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return ConfigException.at(
                    file, line, 0, "the file is not valid UTF-8", "save the file with UTF-8 encoding");
        }
        return ConfigException.at(file, line, 0, "cannot read data file: " + e.getMessage(), null);
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Closing a file we only read cannot lose data; nothing useful to report.
        }
    }
}
