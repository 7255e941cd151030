package dev.llmops.dataops;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Where {@code llmops eval --from-logs} reads request records from. */
public sealed interface LogSource permits LogSource.Local {

    /** A log file, or a folder of them (rotated files, a day's folders), on this machine. */
    record Local(Path path) implements LogSource {
        @Override
        public List<RequestLog.Record> read() {
            return RequestLogReader.read(path);
        }
    }

    /**
     * The request records, in log order.
     *
     * @throws ConfigException for a source that is missing or holds a line that is not a request record
     */
    List<RequestLog.Record> read();

    /**
     * Parses {@code --from-logs}: a path, relative to the working directory.
     *
     * @throws ConfigException for a blob URL or an {@code azureml:} asset, which are not read here
     */
    static LogSource parse(String text, SystemEnv env) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("azureml:")) {
            throw ConfigException.of(
                    "--from-logs " + text + ": request logs are read from local files and folders",
                    "download the data asset first (az ml data download --name NAME --version V) and pass its folder");
        }
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            throw ConfigException.of(
                    "--from-logs " + text + ": request logs are read from local files and folders",
                    "download the blobs first (az storage blob download-batch) and pass their folder");
        }
        return new Local(env.resolve(text));
    }
}
