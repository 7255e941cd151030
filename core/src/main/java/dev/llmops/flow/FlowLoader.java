package dev.llmops.flow;

import dev.llmops.error.ConfigException;
import dev.llmops.flow.flex.FlexFlowParser;
import dev.llmops.flow.prompty.Prompty;
import dev.llmops.flow.prompty.PromptyLoader;
import dev.llmops.yaml.YLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads a flow from a folder holding {@code flow.dag.yaml}, {@code flow.flex.yaml} (or {@code .yml}) or a single
 * {@code .prompty}, or from such a file directly. Everything is validated here: an executor never meets an unknown reference.
 */
public final class FlowLoader {

    /** The node name a prompty flow's single node gets; its output is the flow output {@code output}. */
    public static final String PROMPTY_NODE = "prompty";

    /**
     * @throws ConfigException listing every problem found, each with file, line and how to fix it
     */
    public Flow load(Path flowDirOrFile) {
        Path path = flowDirOrFile.toAbsolutePath().normalize();
        if (Files.isRegularFile(path)) {
            String name = path.getFileName().toString();
            if (name.endsWith(".prompty")) {
                return promptyFlow(path);
            }
            if (name.equals("flow.flex.yaml") || name.equals("flow.flex.yml")) {
                return new FlexFlowParser(path).parse();
            }
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return new DagFlowParser(path).parse();
            }
            throw ConfigException.at(
                    path,
                    0,
                    0,
                    "not a flow file",
                    "give a folder with flow.dag.yaml, a flow.dag.yaml, or a .prompty file");
        }
        if (!Files.isDirectory(path)) {
            throw ConfigException.at(
                    path,
                    0,
                    0,
                    "flow not found",
                    "give a folder with flow.dag.yaml, a flow.dag.yaml, or a .prompty file");
        }
        Path dag = first(path, "flow.dag.yaml", "flow.dag.yml");
        Path flex = first(path, "flow.flex.yaml", "flow.flex.yml");
        if (dag != null && flex != null) {
            throw ConfigException.at(
                    flex,
                    0,
                    0,
                    "the folder holds both " + dag.getFileName() + " and " + flex.getFileName()
                            + ", so it is unclear which flow to run",
                    "keep one of them (move the other to its own folder)");
        }
        if (dag != null) {
            return new DagFlowParser(dag).parse();
        }
        if (flex != null) {
            return new FlexFlowParser(flex).parse();
        }
        List<Path> prompties = prompties(path);
        if (prompties.size() == 1) {
            return promptyFlow(prompties.getFirst());
        }
        throw ConfigException.at(
                path,
                0,
                0,
                prompties.isEmpty()
                        ? "no flow.dag.yaml, flow.dag.yml or .prompty file in this folder"
                        : "no flow.dag.yaml and several .prompty files "
                                + prompties.stream()
                                        .map(p -> p.getFileName().toString())
                                        .toList(),
                "point at the flow folder, or at one .prompty file");
    }

    private static Flow promptyFlow(Path file) {
        Prompty p = new PromptyLoader().load(file);
        Map<String, ValueRef> nodeInputs = new LinkedHashMap<>();
        p.inputs().keySet().forEach(k -> nodeInputs.put(k, new ValueRef.InputRef(k, List.of())));
        Node node = new LlmNode(
                PROMPTY_NODE,
                nodeInputs,
                Optional.empty(),
                false,
                new YLocation(file, 1, 1),
                file,
                p.template(),
                p.api(),
                null,
                Optional.of(p));
        FlowOutput output = new FlowOutput("output", "string", new ValueRef.NodeRef(PROMPTY_NODE, List.of()), false);
        return new Flow(
                p.name(),
                file.getParent(),
                file,
                p.inputs(),
                Map.of("output", output),
                List.of(node),
                Map.of(),
                Map.of(),
                Map.of());
    }

    private static Path first(Path dir, String... names) {
        for (String n : names) {
            if (Files.isRegularFile(dir.resolve(n))) {
                return dir.resolve(n);
            }
        }
        return null;
    }

    private static List<Path> prompties(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".prompty"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw ConfigException.at(dir, 0, 0, "cannot list folder: " + e.getMessage(), null);
        }
    }
}
