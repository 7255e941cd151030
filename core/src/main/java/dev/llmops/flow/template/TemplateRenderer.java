package dev.llmops.flow.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.tree.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders Jinja2 templates with Jinjava, configured to behave like Prompt Flow's {@code jinja2.Template(text,
 * trim_blocks=True, keep_trailing_newline=True)}: block tags eat the newline after them, leading whitespace
 * before blocks is kept, the final newline is kept, undefined variables render as nothing, dicts iterate over
 * their keys, values print in Python style and {@code tojson} writes JSON as jinja2 does. Templates are parsed once per key and cached; thread-safe.
 */
public final class TemplateRenderer {

    /** The code of an expression or statement tag ({@code {{ ... }}}, {@code {% ... %}}). */
    private static final Pattern TAG = Pattern.compile("\\{[{%]-?(.*?)-?[}%]}", Pattern.DOTALL);
    /** String literals, blanked before looking for filters so that a '|' inside quotes is not one. */
    private static final Pattern STRING = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"");
    /** A filter application: {@code | name}. */
    private static final Pattern FILTER = Pattern.compile("\\|\\s*([A-Za-z_][A-Za-z0-9_]*)");

    /** A template that is text and {@code {{ name }}} substitutions only (see {@link Substitutions}). */
    private static final Pattern SUBSTITUTION = Pattern.compile("\\{\\{ *([A-Za-z_][A-Za-z0-9_]*) *}}");
    /** Names a substitution cannot take without Jinja: its constants and the names it defines itself. */
    private static final Set<String> JINJA_NAMES =
            Set.of("true", "false", "none", "True", "False", "None", "loop", "self", "range", "namespace");

    private final Jinjava jinjava;
    private final Map<String, Compiled> parsed = new ConcurrentHashMap<>();

    /** A parsed template, and its fast path when it has one. */
    private record Compiled(Node root, Optional<Substitutions> simple) {}

    public TemplateRenderer() {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(false)
                .withFailOnUnknownTokens(false)
                .withNestedInterpretationEnabled(false)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withIterateOverMapKeys(true)
                        .withUsePyishObjectMapper(true)
                        .withEvaluateMapKeys(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withKeepNullableLoopValues(true)
                        .build())
                .build();
        this.jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerFilter(new PythonJsonFilter());
    }

    /**
     * Parses a template once and remembers it under {@code key}.
     *
     * @throws TemplateException with the line of the first syntax error
     */
    public void compile(String key, String template) {
        parsed.computeIfAbsent(key, k -> parse(k, template));
    }

    /**
     * Renders the template compiled under {@code key} (compiling {@code template} first if needed).
     *
     * @throws TemplateException when rendering fails (an unknown filter, a type error in an expression)
     */
    public String render(String key, String template, Map<String, Object> variables) {
        Compiled compiled = parsed.computeIfAbsent(key, k -> parse(k, template));
        if (compiled.simple().isPresent()) {
            String out = compiled.simple().get().render(variables);
            if (out != null) {
                return out;
            }
        }
        return renderWithJinjava(key, compiled.root(), variables);
    }

    /** The same render through Jinjava always, whatever the template: what the fast path must equal. */
    String renderWithJinjava(String key, String template, Map<String, Object> variables) {
        return renderWithJinjava(
                key, parsed.computeIfAbsent(key, k -> parse(k, template)).root(), variables);
    }

    private String renderWithJinjava(String key, Node root, Map<String, Object> variables) {
        // Jinjava.newInterpreter() registers every built-in filter again by reflection: a third of a line's CPU
        // in the benchmark. A child of the shared global context is all one render needs, and is thread-confined.
        JinjavaInterpreter interpreter =
                new JinjavaInterpreter(jinjava, new Context(jinjava.getGlobalContext()), jinjava.getGlobalConfig());
        interpreter.getContext().putAll(variables);
        try (var current = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            String out = current.value().render(root);
            fatal(key, interpreter.getErrorsCopy());
            return out;
        }
    }

    /**
     * The fast path for the commonest prompt: literal text and {@code {{ name }}} of string (or integer) variables,
     * nothing else (no statements, comments, filters, attributes or whitespace control). Jinja writes such a value as
     * it is, so the render is the text with the values put in; anything else (another type of value, a name not
     * given, a Jinja constant) goes to Jinjava. Building a Jinjava interpreter per render was 8 % of a run's CPU
     * per line, rendering another 12 %.
     */
    private record Substitutions(List<String> texts, List<String> names) {

        /** The template as parts, or empty when it holds anything but text and plain substitutions. */
        static Optional<Substitutions> of(String template) {
            List<String> texts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            Matcher m = SUBSTITUTION.matcher(template);
            int at = 0;
            while (m.find()) {
                texts.add(template.substring(at, m.start()));
                names.add(m.group(1));
                at = m.end();
            }
            texts.add(template.substring(at));
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                // a '{' just before a substitution makes Jinja read "{{{ a }}" as the expression "{ a }"
                boolean braceBefore = i < names.size() && text.endsWith("{");
                if (braceBefore || text.contains("{{") || text.contains("{%") || text.contains("{#")) {
                    return Optional.empty();
                }
            }
            if (names.stream().anyMatch(JINJA_NAMES::contains)) {
                return Optional.empty();
            }
            return Optional.of(new Substitutions(List.copyOf(texts), List.copyOf(names)));
        }

        /** The render, or null when a value is missing or neither a string nor an integer. */
        String render(Map<String, Object> variables) {
            int length = 0;
            String[] values = new String[names.size()];
            for (int i = 0; i < values.length; i++) {
                String value =
                        switch (variables.get(names.get(i))) {
                            case String text -> text;
                            // integers print the same in Python and Java; floats, booleans and None do not
                            case Integer n -> n.toString();
                            case Long n -> n.toString();
                            case java.math.BigInteger n -> n.toString();
                            case null, default -> null;
                        };
                if (value == null) {
                    return null;
                }
                values[i] = value;
                length += value.length();
            }
            for (String text : texts) {
                length += text.length();
            }
            StringBuilder out = new StringBuilder(length);
            for (int i = 0; i < values.length; i++) {
                out.append(texts.get(i)).append(values[i]);
            }
            return out.append(texts.getLast()).toString();
        }
    }

    private Compiled parse(String key, String template) {
        JinjavaInterpreter interpreter = jinjava.newInterpreter();
        try (var current = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            Node root = current.value().parse(template);
            fatal(key, interpreter.getErrorsCopy());
            unknownFilters(key, template);
            return new Compiled(root, Substitutions.of(template));
        }
    }

    /**
     * Jinjava renders an unknown filter as nothing, without an error, so the model would get an empty message on
     * every line; jinja2 refuses the template ("No filter named ..."), and so does this.
     */
    private void unknownFilters(String key, String template) {
        Matcher tag = TAG.matcher(template);
        while (tag.find()) {
            String code = STRING.matcher(tag.group(1)).replaceAll("''");
            Matcher filter = FILTER.matcher(code);
            while (filter.find()) {
                String name = filter.group(1);
                if (jinjava.getGlobalContext().getFilter(name) == null) {
                    int line = 1
                            + (int) template.substring(0, tag.start())
                                    .chars()
                                    .filter(c -> c == '\n')
                                    .count();
                    throw new TemplateException("template " + key + " line " + line + ": unknown filter '" + name
                            + "' (jinja2 refuses it: No filter named '" + name + "')");
                }
            }
        }
    }

    private static void fatal(String key, List<TemplateError> errors) {
        for (TemplateError e : errors) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new TemplateException("template " + key + " line " + e.getLineno() + ": " + e.getMessage());
            }
        }
    }
}
