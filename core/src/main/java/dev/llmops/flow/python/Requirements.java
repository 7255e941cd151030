package dev.llmops.flow.python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The distribution names a {@code requirements.txt} asks for, without versions, extras or markers. Options,
 * includes, URLs and local paths are skipped, and so is {@code promptflow} (llmops provides the names flows
 * import from it).
 */
public final class Requirements {

    private Requirements() {}

    public static List<String> names(Path file) {
        return names(file, true);
    }

    private static List<String> names(Path file, boolean withoutPromptflow) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            int hash = line.indexOf(" #");
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty()
                    || line.startsWith("#")
                    || line.startsWith("-")
                    || line.contains("://")
                    || line.startsWith(".")
                    || line.startsWith("/")) {
                continue;
            }
            String name = line.split("[\\[;<>=!~ @]", 2)[0].strip();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !withoutPromptflow) {
                names.add(name);
            } else if (!name.isEmpty()
                    && !lower.equals("promptflow")
                    && !lower.startsWith("promptflow-")
                    && !lower.startsWith("promptflow[")) {
                names.add(name);
            }
        }
        return names;
    }

    /** Import names whose distribution is named differently on PyPI. */
    private static final Map<String, String> DISTRIBUTIONS = Map.of(
            "yaml", "PyYAML",
            "dotenv", "python-dotenv",
            "PIL", "Pillow",
            "sklearn", "scikit-learn",
            "cv2", "opencv-python",
            "bs4", "beautifulsoup4",
            "docx", "python-docx",
            "dateutil", "python-dateutil",
            "jwt", "PyJWT",
            "attr", "attrs");

    /** Sub-packages shipped as distributions of their own (llmops provides the rest of promptflow). */
    private static final Map<String, String> PACKAGES = Map.of(
            "promptflow.evals", "promptflow-evals",
            "promptflow.tools", "promptflow-tools",
            "azure.ai.ml", "azure-ai-ml",
            "azure.identity", "azure-identity",
            "azure.ai.evaluation", "azure-ai-evaluation");

    /**
     * How to install a module that python could not import: {@code <python> -m pip install -r <file>} when the
     * flow's requirements file names its distribution, else {@code <python> -m pip install <distribution>} (and,
     * with a requirements file, to add it there). Nothing is installed by llmops.
     *
     * @param dottedModule the import name python missed ({@code openai}, {@code promptflow.evals})
     * @param python the interpreter the worker runs on
     * @param requirements the flow's {@code environment.python_requirements_txt}, absolute, if it has one
     */
    public static String installHint(String dottedModule, String python, Optional<Path> requirements) {
        String top = dottedModule.split("\\.", 2)[0];
        Optional<String> subPackage = PACKAGES.entrySet().stream()
                .filter(e -> dottedModule.equals(e.getKey()) || dottedModule.startsWith(e.getKey() + "."))
                .map(Map.Entry::getValue)
                .findFirst();
        String module = subPackage.isPresent() ? dottedModule : top;
        String distribution = subPackage.orElse(DISTRIBUTIONS.getOrDefault(top, top));
        String pip = python + " -m pip install ";
        if (requirements.isPresent() && Files.isRegularFile(requirements.get())) {
            Path file = requirements.get();
            boolean listed = names(file, false).stream()
                    .anyMatch(n -> normalized(n).equals(normalized(distribution))
                            || normalized(n).equals(normalized(module)));
            if (listed) {
                return "module '" + module + "' is not installed for " + python + "; install the flow's requirements: "
                        + pip + "-r " + file;
            }
            return "module '" + module + "' is not installed for " + python + " and " + file.getFileName()
                    + " does not list it; add " + distribution + " to " + file + " and run: " + pip + "-r " + file;
        }
        return "module '" + module + "' is not installed for " + python + "; install it: " + pip + distribution
                + (module.contains(".")
                        ? ""
                        : " (or, if it is a module of your own, put " + module + ".py beside the flow)");
    }

    private static String normalized(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }
}
