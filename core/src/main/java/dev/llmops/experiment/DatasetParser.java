package dev.llmops.experiment;

import dev.llmops.dataops.AssetRef;
import dev.llmops.dataops.AssetRefSyntaxException;
import dev.llmops.expression.ReferenceSyntaxException;
import dev.llmops.yaml.YLocation;
import dev.llmops.yaml.YNode;
import dev.llmops.yaml.YNode.YList;
import dev.llmops.yaml.YNode.YMap;
import dev.llmops.yaml.YNode.YScalar;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds standard and evaluation datasets, applying every rule of the template and reporting each violation. */
final class DatasetParser {

    static final Set<String> KEYS = Set.of("name", "source", "description", "reference", "mappings");

    private final Problems problems;
    private final Nodes nodes;
    private final MappingLocations mappingLocations;

    DatasetParser(Problems problems, MappingLocations mappingLocations) {
        this.problems = problems;
        this.nodes = new Nodes(problems);
        this.mappingLocations = mappingLocations;
    }

    /** Standard datasets of a {@code datasets:} block, in order; broken entries are reported and left out. */
    List<Dataset> standardDatasets(YList list) {
        Map<String, Dataset> byName = new LinkedHashMap<>();
        for (YNode item : list.items()) {
            if (!(item instanceof YMap map)) {
                problems.error(
                        item.location(),
                        "a dataset must be a mapping, found " + Nodes.kind(item),
                        "write - name: ...  source: ...  mappings: ...");
                continue;
            }
            standardDataset(map).ifPresent(d -> {
                Dataset first = byName.putIfAbsent(d.name(), d);
                if (first != null) {
                    problems.error(
                            d.location(),
                            "dataset name '" + d.name() + "' is used twice (first at line "
                                    + first.location().line() + ")",
                            "give every dataset a unique name");
                }
            });
        }
        return List.copyOf(byName.values());
    }

    private Optional<Dataset> standardDataset(YMap map) {
        nodes.unknownKeys(map, KEYS, "dataset");
        Optional<String> name = nodes.requiredText(map, "name", "dataset", "my_dataset");
        String owner = "dataset '" + name.orElse("?") + "'";
        Optional<String> source = nodes.requiredText(map, "source", owner, "data/my_data.jsonl");
        String description = nodes.text(map, "description", owner);
        boolean hasMappings = requireMappingsKey(map, owner);
        if (map.has("reference")) {
            problems.error(
                    map.locationOf("reference"),
                    owner + ": a standard dataset cannot have 'reference'",
                    "remove it, or move this dataset under an evaluator's datasets");
        }
        AssetRef asset =
                source.map(s -> checkSource(s, map.locationOf("source"), owner)).orElse(null);
        Map<String, Mapping> mappings = mappings(map, owner, false);
        if (name.isEmpty() || source.isEmpty() || !hasMappings) {
            return Optional.empty();
        }
        return Optional.of(new Dataset(name.get(), source.get(), description, null, mappings, map.location(), asset));
    }

    /** Datasets of one evaluator, resolved against the standard datasets in effect. */
    List<Dataset> evaluatorDatasets(YList list, String evaluator, Map<String, Dataset> standard) {
        Map<String, Dataset> byName = new LinkedHashMap<>();
        for (YNode item : list.items()) {
            if (!(item instanceof YMap map)) {
                problems.error(
                        item.location(),
                        "evaluator '" + evaluator + "': a dataset must be a mapping, found " + Nodes.kind(item),
                        "write - name: ...  mappings: ...");
                continue;
            }
            evaluatorDataset(map, evaluator, standard).ifPresent(d -> {
                Dataset first = byName.putIfAbsent(d.name(), d);
                if (first != null) {
                    problems.error(
                            d.location(),
                            "evaluator '" + evaluator + "' lists dataset '" + d.name() + "' twice (first at line "
                                    + first.location().line() + ")",
                            "remove the duplicate");
                }
            });
        }
        return List.copyOf(byName.values());
    }

    private Optional<Dataset> evaluatorDataset(YMap map, String evaluator, Map<String, Dataset> standard) {
        nodes.unknownKeys(map, KEYS, "evaluator dataset");
        Optional<String> name =
                nodes.requiredText(map, "name", "evaluator '" + evaluator + "' dataset", "my_eval_data");
        String owner = "evaluator '" + evaluator + "' dataset '" + name.orElse("?") + "'";
        boolean hasMappings = requireMappingsKey(map, owner);
        Map<String, Mapping> mappings = mappings(map, owner, true);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Dataset reused = standard.get(name.get());
        if (reused != null) {
            for (String forbidden : List.of("source", "reference")) {
                if (map.has(forbidden)) {
                    problems.error(
                            map.locationOf(forbidden),
                            owner + " reuses the standard dataset '" + name.get() + "', so it cannot set '" + forbidden
                                    + "'",
                            "remove '" + forbidden + "', or rename this dataset to declare a new one");
                }
            }
            if (!hasMappings || map.has("source") || map.has("reference")) {
                return Optional.empty();
            }
            return Optional.of(new Dataset(
                    reused.name(),
                    reused.source(),
                    reused.description(),
                    null,
                    mappings,
                    map.location(),
                    reused.asset()));
        }
        if (!map.has("source") && !map.has("reference")) {
            problems.error(
                    map.location(),
                    owner + " is not a standard dataset of this experiment and declares no 'source' and"
                            + " 'reference'",
                    Suggestions.closest(name.get(), standard.keySet())
                            .map(n -> "did you mean the standard dataset '" + n + "'?")
                            .orElse("reuse a standard dataset by naming it, one of: "
                                    + String.join(", ", standard.keySet()) + "; or add source: and reference:"));
            return Optional.empty();
        }
        Optional<String> source = nodes.requiredText(map, "source", owner, "data/eval_data.jsonl");
        Optional<String> reference = nodes.requiredText(map, "reference", owner, "<standard dataset name>");
        AssetRef asset =
                source.map(s -> checkSource(s, map.locationOf("source"), owner)).orElse(null);
        String description = nodes.text(map, "description", owner);
        if (reference.isPresent() && !standard.containsKey(reference.get())) {
            problems.error(
                    map.locationOf("reference"),
                    owner + " references dataset '" + reference.get() + "', which is not a standard dataset of"
                            + " this experiment",
                    Suggestions.hint(
                            reference.get(), standard.keySet(), "use one of: " + String.join(", ", standard.keySet())));
            return Optional.empty();
        }
        if (source.isEmpty() || reference.isEmpty() || !hasMappings) {
            return Optional.empty();
        }
        return Optional.of(
                new Dataset(name.get(), source.get(), description, reference.get(), mappings, map.location(), asset));
    }

    private boolean requireMappingsKey(YMap map, String owner) {
        if (map.has("mappings")) {
            return true;
        }
        String near = Suggestions.closest("mappings", map.entries().keySet())
                .filter(k -> !k.equals("mappings"))
                .map(k -> "'" + k + "' looks misspelt; rename it to 'mappings'")
                .orElse("add mappings: {flow_input: ${data.column}}; an empty mappings: is allowed");
        problems.error(map.location(), owner + " is missing 'mappings'", near);
        return false;
    }

    private Map<String, Mapping> mappings(YMap map, String owner, boolean evaluation) {
        YNode node = map.get("mappings");
        Map<String, Mapping> out = new LinkedHashMap<>();
        if (Nodes.isNull(node)) {
            return out;
        }
        if (!(node instanceof YMap m)) {
            problems.error(
                    node.location(),
                    owner + ": 'mappings' must be a mapping of flow input to value, found " + Nodes.kind(node),
                    "write mappings: {input_name: ${data.column}}");
            return out;
        }
        Map<String, YLocation> locations = new HashMap<>();
        m.entries().forEach((input, value) -> {
            if (!(value instanceof YScalar s) || s.isNull()) {
                problems.error(
                        value.location(),
                        owner + ": mapping '" + input + "' must be text, found " + Nodes.kind(value),
                        "map it to ${data.<column>}, ${run.outputs.<output>} or a constant");
                return;
            }
            locations.put(input, value.location());
            String text = Nodes.pythonText(s);
            // A broken mapping is an error already; keeping its key spares validate a second, misleading one
            // ("input has no mapping"), and an experiment with errors never runs.
            out.put(
                    input,
                    parse(text, input, owner, evaluation, value.location()).orElse(new Mapping.Constant(text)));
        });
        mappingLocations.put(map.location(), locations);
        return out;
    }

    /** The parsed mapping, or empty (and an error) when it is malformed or reads a run a standard dataset lacks. */
    private Optional<Mapping> parse(String text, String input, String owner, boolean evaluation, YLocation at) {
        Mapping mapping;
        try {
            mapping = Mapping.parse(text);
        } catch (ReferenceSyntaxException e) {
            problems.error(at, owner + ": mapping '" + input + "': " + e.getMessage(), e.hint());
            return Optional.empty();
        }
        if (mapping.readsRun() && !evaluation) {
            problems.error(
                    at,
                    owner + ": mapping '" + input + "' reads " + text.strip() + ", but only evaluation runs have a"
                            + " run to read from",
                    "map a standard dataset to ${data.<column>} or a constant");
            return Optional.empty();
        }
        return Optional.of(mapping);
    }

    /** The data asset an {@code azureml:} source names (null for a local file, or when malformed: reported). */
    private AssetRef checkSource(String source, YLocation at, String owner) {
        try {
            return AssetRef.parse(source).orElse(null);
        } catch (AssetRefSyntaxException e) {
            problems.error(at, owner + ": " + e.getMessage(), e.hint());
            return null;
        }
    }
}
