package dev.llmops.flow.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.tree.Node;
import java.util.List;
import java.util.Map;
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

    private final Jinjava jinjava;
    private final Map<String, Node> parsed = new ConcurrentHashMap<>();

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
        Node root = parsed.computeIfAbsent(key, k -> parse(k, template));
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

    private Node parse(String key, String template) {
        JinjavaInterpreter interpreter = jinjava.newInterpreter();
        try (var current = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            Node root = current.value().parse(template);
            fatal(key, interpreter.getErrorsCopy());
            unknownFilters(key, template);
            return root;
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
