package dev.llmops.flow.flex;

import dev.llmops.flow.FlexNode;
import dev.llmops.flow.Flow;
import dev.llmops.flow.FlowInput;
import dev.llmops.flow.InputType;
import dev.llmops.flow.ValueRef;
import dev.llmops.yaml.YLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The template's pure-python evaluators: an evaluator folder holding {@code eval_*.py} files and no flow file. They run
 * as a flex class entry the python worker provides ({@code _llmops_pure_eval.PureEvaluator}): each line's outputs are
 * its mapped inputs, and after the last line every {@code eval_*} function of those files is called once with the
 * template's arguments (run name, a JSONL of the lines, the column mapping, an output folder); the dict it returns is
 * the evaluation run's metrics.
 */
public final class PureEvaluators {

    /** The worker's module and class that run the {@code eval_*} functions. */
    static final String MODULE = "_llmops_pure_eval";

    static final String CLASS = "PureEvaluator";

    private static final List<String> FLOW_FILES =
            List.of("flow.dag.yaml", "flow.dag.yml", "flow.flex.yaml", "flow.flex.yml");

    private PureEvaluators() {}

    /** Whether the folder is a pure-python evaluator: {@code eval_*.py} files, no flow file, no {@code .prompty}. */
    public static boolean isPureEvaluator(Path dir) {
        if (!Files.isDirectory(dir) || FLOW_FILES.stream().anyMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            if (files.anyMatch(p -> p.getFileName().toString().endsWith(".prompty"))) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        return !files(dir).isEmpty();
    }

    /** The {@code eval_*.py} files of the folder (name compared case-insensitively, as the template does), sorted. */
    static List<String> files(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.toLowerCase(Locale.ROOT).startsWith("eval_") && n.endsWith(".py"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * The evaluator as a flex flow.
     *
     * @param inputs the mapping keys of the evaluator's datasets: each becomes an input (null when a line lacks it)
     * @param runName the run name the {@code eval_*} functions get, and the stem of the data file they read
     * @param outputDir the folder they get as {@code output_path} and where the lines' JSONL is written
     * @param importPaths folders added to {@code sys.path} (the template imports the standard flow's code by its
     *     repository path)
     */
    public static Flow flow(
            Path dir, Collection<String> inputs, String runName, Path outputDir, List<Path> importPaths) {
        Path folder = dir.toAbsolutePath().normalize();
        List<String> files = files(folder);
        Map<String, FlexEntry.InitParam> init = new LinkedHashMap<>();
        put(init, "folder", folder.toString());
        put(init, "files", files);
        put(init, "run_name", runName);
        put(init, "output_path", outputDir.toAbsolutePath().normalize().toString());
        put(
                init,
                "import_paths",
                importPaths.stream()
                        .map(p -> p.toAbsolutePath().normalize().toString())
                        .distinct()
                        .toList());
        Path file = folder.resolve(files.getFirst());
        FlexEntry entry = new FlexEntry(
                folder,
                file,
                MODULE,
                CLASS,
                FlexEntry.Language.PYTHON,
                FlexEntry.Kind.CLASS,
                true,
                init,
                Map.of(),
                Map.of(),
                Optional.empty(),
                Map.of());
        Map<String, FlowInput> flowInputs = new LinkedHashMap<>();
        Map<String, ValueRef> nodeInputs = new LinkedHashMap<>();
        for (String name : inputs) {
            flowInputs.put(name, new FlowInput(name, InputType.STRING, null, true, null, false, false));
            nodeInputs.put(name, new ValueRef.InputRef(name, List.of()));
        }
        FlexNode node = new FlexNode(CLASS, nodeInputs, new YLocation(file, 1, 1), entry);
        return new Flow(
                folder.getFileName().toString(),
                folder,
                file,
                flowInputs,
                Map.of(),
                List.of(node),
                Map.of(),
                Map.of(),
                Map.of());
    }

    /** The file a pure-python evaluator's errors point at: its first {@code eval_*.py}. */
    static Optional<String> source(FlexEntry entry) {
        if (!entry.module().equals(MODULE)
                || !(entry.init().get("files") != null
                        && entry.init().get("files").defaultValue() instanceof List<?> files
                        && !files.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(String.valueOf(files.getFirst()));
    }

    private static void put(Map<String, FlexEntry.InitParam> init, String name, Object value) {
        init.put(name, new FlexEntry.InitParam(name, null, value, true));
    }
}
