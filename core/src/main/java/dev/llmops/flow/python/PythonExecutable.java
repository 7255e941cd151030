package dev.llmops.flow.python;

import dev.llmops.error.ConfigException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Finds the python interpreter the workers run on. */
final class PythonExecutable {

    private PythonExecutable() {}

    /** The interpreter of the nearest {@code .venv} from {@code dir} up to the repository root, if any. */
    static java.util.Optional<String> venv(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            for (String candidate : List.of(".venv/bin/python", ".venv/bin/python3", ".venv/Scripts/python.exe")) {
                Path file = d.resolve(candidate);
                if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                    return java.util.Optional.of(file.toString());
                }
            }
            if (Files.exists(d.resolve(".git"))) {
                break;
            }
        }
        return java.util.Optional.empty();
    }

    static String resolve(PythonToolOptions options) {
        if (options.executable().isPresent()) {
            return options.executable().get();
        }
        Map<String, String> env = options.environment();
        String path = env.getOrDefault("PATH", env.getOrDefault("Path", ""));
        boolean windows = File.separatorChar == '\\';
        for (String name : List.of("python3", "python")) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isBlank()) {
                    continue;
                }
                for (String candidate : windows ? List.of(name + ".exe", name) : List.of(name)) {
                    Path file = Path.of(dir, candidate);
                    if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                        return file.toString();
                    }
                }
            }
        }
        throw ConfigException.of(
                "python nodes need a Python 3 interpreter, but neither python3 nor python is on the PATH",
                "install Python 3.9 or later, or set " + PythonToolOptions.PYTHON_VARIABLE
                        + " to the interpreter (for example a virtualenv's bin/python)");
    }
}
