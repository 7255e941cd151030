package dev.llmops.experiment;

import dev.llmops.error.ConfigException;
import dev.llmops.flow.Flow;
import dev.llmops.flow.FlowLoader;
import dev.llmops.flow.JavaNode;
import dev.llmops.flow.Node;
import dev.llmops.flow.tool.ToolInvocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metrics an evaluator can log, as far as {@code validate} can tell without running it. A built-in evaluator's
 * are in {@link BuiltinCatalog}. A flow's come from its aggregation nodes, whose names are read from the string
 * literals of the flow folder's python and java sources ({@code log_metric("accuracy", ...)}, a dict key
 * {@code "accuracy": ...}, {@code metrics.put("accuracy", ...)}); a literal that a name is built from
 * ({@code f"precision_{key}"}, {@code "precision_" + key}) counts as a prefix. A flow without aggregation nodes
 * logs nothing. What cannot be read this way (a flex flow, a folder of {@code eval_*.py}, a compiled java tool, a
 * flow that does not load) is {@link #unknown}.
 *
 * @param names metric names the evaluator may log
 * @param prefixes beginnings of names built at run time
 * @param known whether the sets above are all it can log
 */
record LoggedMetrics(Set<String> names, Set<String> prefixes, boolean known) {

    /** A string literal: optional python prefix letters (f, r, b), a quote, the text up to the same quote. */
    private static final Pattern LITERAL =
            Pattern.compile("(?<![A-Za-z0-9_])([fFrRbBuU]{0,2})(['\"])([^'\"\\\\\\n]{1,80})\\2");

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]+");
    private static final Pattern NAME_PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*[_.\\-]");

    LoggedMetrics {
        names = Set.copyOf(names);
        prefixes = Set.copyOf(prefixes);
    }

    static LoggedMetrics unknown() {
        return new LoggedMetrics(Set.of(), Set.of(), false);
    }

    /** Whether the evaluator may log {@code metric}; always true when its metrics are unknown. */
    boolean mayLog(String metric) {
        return !known || names.contains(metric) || prefixes.stream().anyMatch(metric::startsWith);
    }

    /** Names and prefixes ({@code precision_*}), sorted, for hints. */
    List<String> shown() {
        List<String> out = new ArrayList<>(new java.util.TreeSet<>(names));
        prefixes.stream().sorted().map(p -> p + "*").forEach(out::add);
        return out;
    }

    static LoggedMetrics of(Evaluator evaluator, Path useCaseDir) {
        if (evaluator.isBuiltin()) {
            return BuiltinCatalog.entry(evaluator.flow().substring(Evaluator.BUILTIN_PREFIX.length()))
                    .map(e -> new LoggedMetrics(new LinkedHashSet<>(e.metrics()), Set.of(), true))
                    .orElse(unknown()); // an unknown name is reported by the built-in checks
        }
        Path dir = evaluator.flowDir(useCaseDir);
        if (!Stream.of("flow.dag.yaml", "flow.dag.yml").anyMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
            return unknown();
        }
        Flow flow;
        try {
            flow = new FlowLoader().load(dir);
        } catch (ConfigException e) {
            return unknown(); // reported by the flow checks
        }
        List<Node> aggregation =
                allNodes(flow).stream().filter(Node::aggregation).toList();
        if (aggregation.isEmpty()) {
            return new LoggedMetrics(Set.of(), Set.of(), true);
        }
        if (aggregation.stream()
                .anyMatch(n -> n instanceof JavaNode j && j.sourceType() == ToolInvocation.SourceType.CLASS)) {
            return unknown();
        }
        return scan(dir);
    }

    /** The literals of every python and java source in the flow folder (helpers the aggregation imports too). */
    private static LoggedMetrics scan(Path dir) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> prefixes = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(dir, 3)) {
            for (Path file : files.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.endsWith(".py") || n.endsWith(".java");
                    })
                    .sorted()
                    .toList()) {
                literals(Files.readString(file), names, prefixes);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return unknown();
        }
        return new LoggedMetrics(names, prefixes, true);
    }

    static void literals(String source, Set<String> names, Set<String> prefixes) {
        Matcher m = LITERAL.matcher(source);
        while (m.find()) {
            String text = m.group(3);
            boolean format = m.group(1).toLowerCase(java.util.Locale.ROOT).contains("f");
            int brace = text.indexOf('{');
            if (brace >= 0 || format) {
                String head = brace >= 0 ? text.substring(0, brace) : text;
                if (NAME.matcher(head).matches()) {
                    prefixes.add(head);
                }
                continue;
            }
            if (NAME.matcher(text).matches()) {
                names.add(text);
                if (NAME_PREFIX.matcher(text).matches()) {
                    prefixes.add(text);
                }
            }
        }
    }

    private static Collection<Node> allNodes(Flow flow) {
        Set<Node> all = new LinkedHashSet<>(flow.nodes());
        flow.variantNodes().values().forEach(v -> all.addAll(v.values()));
        return all;
    }
}
