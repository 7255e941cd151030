package dev.llmops.run.variant;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides which (variant combination × dataset) runs an experiment executes, from the {@code --variants}
 * selector.
 *
 * <ul>
 *   <li>{@code all} / {@code *}: one factor at a time, as the Prompt Flow template does: every variant of every
 *       node with the other nodes at their defaults; the all-defaults combination once, labelled with the first
 *       node's default variant.
 *   <li>{@code defaults} / {@code default}: one run per dataset with every node at its default.
 *   <li>{@code grid}: every combination across nodes (cartesian), each once.
 *   <li>a list {@code node.variant,...}: exactly those, each with the other nodes at their defaults. Names are
 *       case-sensitive (unlike the template, which lower-cased them and so could never select mixed-case
 *       names).
 * </ul>
 */
public final class VariantPlanner {

    /** A key no node can have, tagging a one-factor combination with the node it varies (for its label). */
    private static final String LABEL_NODE = "\0label";

    /** Plans the runs, datasets in the given order, each dataset's runs in variant order. */
    public List<PlannedRun> plan(VariantSpace space, String selector, List<String> datasets) {
        String trimmed = selector == null ? "all" : selector.strip();
        String mode = trimmed.toLowerCase(Locale.ROOT);
        List<Map<String, String>> combos =
                switch (mode) {
                    case "all", "*", "" -> oneFactorAtATime(space, null);
                    case "defaults", "default" -> List.of(Map.of());
                    case "grid" -> grid(space);
                    default -> oneFactorAtATime(space, parseList(space, trimmed));
                };
        List<PlannedRun> runs = new ArrayList<>();
        for (String dataset : datasets) {
            for (Map<String, String> combo : combos) {
                runs.add(new PlannedRun(dataset, withoutDefaults(space, combo), label(space, combo)));
            }
        }
        return List.copyOf(runs);
    }

    private static List<Map<String, String>> oneFactorAtATime(VariantSpace space, Set<String> enabled) {
        if (space.isEmpty()) {
            return List.of(Map.of());
        }
        List<Map<String, String>> combos = new ArrayList<>();
        Set<Map<String, String>> seen = new HashSet<>();
        space.nodes().forEach((node, variants) -> {
            for (String id : variants.ids()) {
                if (enabled != null && !enabled.contains(node + "." + id)) {
                    continue;
                }
                Map<String, String> combo = defaults(space);
                combo.put(node, id);
                if (seen.add(combo)) {
                    // Remember which node the combination came from, for its label.
                    combos.add(labelled(combo, node));
                }
            }
        });
        return combos;
    }

    private static List<Map<String, String>> grid(VariantSpace space) {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, NodeVariants> e : space.nodes().entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : combos) {
                for (String id : e.getValue().ids()) {
                    Map<String, String> c = new LinkedHashMap<>(partial);
                    c.put(e.getKey(), id);
                    next.add(c);
                }
            }
            combos = next;
        }
        return combos;
    }

    private static Set<String> parseList(VariantSpace space, String list) {
        Set<String> enabled = new HashSet<>();
        List<Problem> problems = new ArrayList<>();
        for (String raw : list.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            int dot = item.indexOf('.');
            String node = dot < 0 ? null : item.substring(0, dot);
            String id = dot < 0 ? item : item.substring(dot + 1);
            if (node != null
                    && space.nodes().containsKey(node)
                    && space.nodes().get(node).ids().contains(id)) {
                enabled.add(item);
            } else if (node == null
                    && space.nodes().values().stream().anyMatch(n -> n.ids().contains(id))) {
                // A bare variant id selects it in every node that has it, as the template does.
                space.nodes().forEach((n, v) -> {
                    if (v.ids().contains(id)) {
                        enabled.add(n + "." + id);
                    }
                });
            } else {
                problems.add(Problem.error(
                        null,
                        0,
                        0,
                        "--variants: unknown variant '" + item + "'",
                        "valid: all, defaults, grid, or a comma-separated list of " + validNames(space)));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        if (enabled.isEmpty()) {
            throw ConfigException.of("--variants selects no variant", "valid: " + validNames(space));
        }
        return enabled;
    }

    private static String validNames(VariantSpace space) {
        if (space.isEmpty()) {
            return "(the flow has no variants)";
        }
        List<String> names = new ArrayList<>();
        space.nodes().forEach((n, v) -> v.ids().forEach(id -> names.add(n + "." + id)));
        return String.join(", ", names);
    }

    private static Map<String, String> defaults(VariantSpace space) {
        Map<String, String> combo = new LinkedHashMap<>();
        space.nodes().forEach((n, v) -> combo.put(n, v.defaultId()));
        return combo;
    }

    /** Tags the combination with the node it varies, under a key no node can have. */
    private static Map<String, String> labelled(Map<String, String> combo, String node) {
        Map<String, String> c = new LinkedHashMap<>(combo);
        c.put(LABEL_NODE, node);
        return c;
    }

    private static Map<String, String> withoutDefaults(VariantSpace space, Map<String, String> combo) {
        Map<String, String> overrides = new LinkedHashMap<>();
        combo.forEach((node, id) -> {
            NodeVariants v = space.nodes().get(node);
            if (v != null && !v.defaultId().equals(id)) {
                overrides.put(node, id);
            }
        });
        return overrides;
    }

    private static String label(VariantSpace space, Map<String, String> combo) {
        String node = combo.get(LABEL_NODE);
        if (node != null) {
            return node + "." + combo.get(node);
        }
        List<String> parts = new ArrayList<>();
        combo.forEach((n, id) -> {
            if (space.nodes().containsKey(n)) {
                parts.add(n + "." + id);
            }
        });
        return parts.isEmpty() ? PlannedRun.DEFAULT_LABEL : String.join("+", parts);
    }
}
