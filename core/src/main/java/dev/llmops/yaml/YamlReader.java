package dev.llmops.yaml;

import dev.llmops.error.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML into {@link YNode}s that keep line and column. Syntax errors become a {@link ConfigException}
 * naming the file and position. Uses YAML 1.1 scalar rules, as PyYAML does, so files written for Prompt Flow
 * read the same.
 */
public final class YamlReader {

    private YamlReader() {}

    /** Parses a file; an empty file gives {@code Optional.empty()}. */
    public static Optional<YNode> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw ConfigException.at(file, 0, 0, "file not found", "check the path");
        } catch (IOException e) {
            throw ConfigException.at(file, 0, 0, "cannot read file: " + e.getMessage(), null);
        }
        return parse(file, text);
    }

    /** Parses text; {@code file} is only used for locations. A leading BOM is ignored. */
    public static Optional<YNode> parse(Path file, String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        Yaml yaml = new Yaml(options);
        try (Reader reader = new StringReader(text)) {
            Node root = yaml.compose(reader);
            return root == null ? Optional.empty() : Optional.of(convert(file, root));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null) {
                what = e.getContext() + ": " + what;
            }
            int line = mark == null ? 0 : mark.getLine() + 1;
            int col = mark == null ? 0 : mark.getColumn() + 1;
            throw ConfigException.at(
                    file,
                    line,
                    col,
                    "invalid YAML: " + what.replace('\n', ' '),
                    "fix the YAML syntax at this position");
        } catch (YAMLException e) {
            throw ConfigException.at(file, 0, 0, "invalid YAML: " + e.getMessage(), "fix the YAML syntax");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static YNode convert(Path file, Node node) {
        YLocation loc = new YLocation(
                file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
        if (node instanceof MappingNode map) {
            Map<String, YNode> entries = new LinkedHashMap<>();
            Map<String, YLocation> keys = new LinkedHashMap<>();
            List<YNode.YMap> merged = new ArrayList<>();
            for (NodeTuple t : map.getValue()) {
                Node k = t.getKeyNode();
                if (Tag.MERGE.equals(k.getTag())) {
                    merged.addAll(mergeSources(file, t.getValueNode()));
                    continue;
                }
                String key = k instanceof ScalarNode s
                        ? s.getValue()
                        : String.valueOf(convert(file, k).toPlain());
                YLocation keyLocation = new YLocation(
                        file, k.getStartMark().getLine() + 1, k.getStartMark().getColumn() + 1);
                if (keys.containsKey(key)) {
                    // compose() does not apply LoaderOptions.setAllowDuplicateKeys; a silent "last wins" hides typos.
                    throw ConfigException.at(
                            file,
                            keyLocation.line(),
                            keyLocation.column(),
                            "duplicate key '" + key + "' (first at line "
                                    + keys.get(key).line() + ")",
                            "remove one of them");
                }
                entries.put(key, convert(file, t.getValueNode()));
                keys.put(key, keyLocation);
            }
            // "<<: *anchor" (as PyYAML reads it): explicit keys win, then earlier merge sources.
            for (YNode.YMap source : merged) {
                source.entries().forEach((k, v) -> {
                    if (!entries.containsKey(k)) {
                        entries.put(k, v);
                        keys.put(k, source.locationOf(k));
                    }
                });
            }
            return new YNode.YMap(loc, entries, keys);
        }
        if (node instanceof SequenceNode seq) {
            List<YNode> items = new ArrayList<>();
            for (Node item : seq.getValue()) {
                items.add(convert(file, item));
            }
            return new YNode.YList(loc, items);
        }
        ScalarNode scalar = (ScalarNode) node;
        return new YNode.YScalar(loc, scalarValue(scalar));
    }

    private static List<YNode.YMap> mergeSources(Path file, Node value) {
        List<Node> sources = value instanceof SequenceNode seq ? seq.getValue() : List.of(value);
        List<YNode.YMap> out = new ArrayList<>();
        for (Node source : sources) {
            if (convert(file, source) instanceof YNode.YMap m) {
                out.add(m);
            } else {
                throw ConfigException.at(
                        file,
                        source.getStartMark().getLine() + 1,
                        source.getStartMark().getColumn() + 1,
                        "a merge key '<<' needs a mapping or a list of mappings",
                        "write <<: *anchor_of_a_mapping");
            }
        }
        return out;
    }

    private static Object scalarValue(ScalarNode s) {
        String v = s.getValue();
        Tag tag = s.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            String lower = v.toLowerCase();
            return lower.equals("true") || lower.equals("yes") || lower.equals("on") || lower.equals("y");
        }
        if (Tag.INT.equals(tag)) {
            String clean = v.replace("_", "");
            try {
                if (clean.startsWith("0x") || clean.startsWith("0X")) {
                    return Long.parseLong(clean.substring(2), 16);
                }
                return Long.parseLong(clean);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            String clean = v.replace("_", "").toLowerCase();
            return switch (clean) {
                case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
                case "-.inf" -> Double.NEGATIVE_INFINITY;
                case ".nan" -> Double.NaN;
                default -> {
                    try {
                        yield Double.parseDouble(clean);
                    } catch (NumberFormatException e) {
                        yield v;
                    }
                }
            };
        }
        return v;
    }
}
