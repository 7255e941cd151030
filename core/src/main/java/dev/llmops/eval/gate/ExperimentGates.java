package dev.llmops.eval.gate;

import dev.llmops.experiment.Experiment;
import dev.llmops.yaml.YNode;
import dev.llmops.yaml.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gates of an experiment: the {@code gates:} block of the environment overlay when it has one (an overlay
 * replaces the block, like every other top-level key), else that of the base experiment file.
 */
public final class ExperimentGates {

    private ExperimentGates() {}

    /** @throws dev.llmops.error.ConfigException for a malformed block, with file and line */
    public static List<Gate> of(Experiment experiment) {
        Optional<Path> overlay = experiment.overlayFile();
        if (overlay.isPresent()) {
            Optional<List<Gate>> gates = read(overlay.get());
            if (gates.isPresent()) {
                return gates.get();
            }
        }
        return experiment.experimentFile() == null
                ? List.of()
                : read(experiment.experimentFile()).orElse(List.of());
    }

    /** The gates of the experiment, then those given on the command line. */
    public static List<Gate> combined(Experiment experiment, List<String> failUnder, List<String> maxRegression) {
        List<Gate> gates = new ArrayList<>(of(experiment));
        failUnder.forEach(a -> gates.add(GateParser.failUnder(a)));
        maxRegression.forEach(a -> gates.add(GateParser.maxRegression(a)));
        return gates;
    }

    private static Optional<List<Gate>> read(Path file) {
        return YamlReader.read(file)
                .filter(root -> root instanceof YNode.YMap map && map.has("gates"))
                .map(root -> GateParser.block(((YNode.YMap) root).get("gates"), file));
    }
}
