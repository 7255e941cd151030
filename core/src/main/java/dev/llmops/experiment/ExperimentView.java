package dev.llmops.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.secret.Placeholders;
import dev.llmops.secret.SecretNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved experiment as {@code show} prints it, with secret values replaced by {@code ***}. The JSON shape
 * is stable (documented in docs/experiment.md):
 *
 * <pre>{"name", "flow", "runtime",
 *  "connections": [{"name", "connection_type", ...properties}],
 *  "datasets": [{"name", "source", "description", "reference", "mappings"}],
 *  "evaluators": [{"name", "flow", "datasets": [...]}]}</pre>
 *
 * Absent values are {@code null}, empty mappings {@code {}}, paths as written in the file.
 */
public final class ExperimentView {

    /** Output format of {@code show}. */
    public enum Format {
        YAML,
        JSON
    }

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectMapper yaml = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    /** The view as plain ordered maps and lists. */
    public Map<String, Object> toMap(Experiment experiment) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", experiment.name());
        out.put("flow", experiment.flow());
        out.put("runtime", experiment.runtime());
        out.put(
                "connections",
                experiment.connections().stream()
                        .map(ExperimentView::connection)
                        .toList());
        out.put("datasets", datasets(experiment.datasets()));
        out.put(
                "evaluators",
                experiment.evaluators().stream().map(ExperimentView::evaluator).toList());
        return out;
    }

    public String render(Experiment experiment, Format format) {
        try {
            return switch (format) {
                case JSON -> json.writeValueAsString(toMap(experiment)) + System.lineSeparator();
                case YAML -> yaml.writeValueAsString(toMap(experiment));
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render experiment", e);
        }
    }

    private static Map<String, Object> connection(ConnectionConfig c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", c.name());
        out.put("connection_type", c.type());
        // Secret-named fields are masked even when written literally; an unresolved placeholder is shown as written.
        c.masked()
                .forEach((k, v) -> out.put(
                        k, v != null && SecretNames.isSecret(k) && !Placeholders.containsPlaceholder(v) ? "***" : v));
        return out;
    }

    private static Map<String, Object> evaluator(Evaluator e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", e.name());
        out.put("flow", e.flow());
        out.put("datasets", datasets(e.datasets()));
        return out;
    }

    private static List<Map<String, Object>> datasets(List<Dataset> datasets) {
        return datasets.stream().map(ExperimentView::dataset).toList();
    }

    private static Map<String, Object> dataset(Dataset d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", d.name());
        out.put("source", d.source());
        out.put("description", d.description());
        out.put("reference", d.reference());
        Map<String, Object> mappings = new LinkedHashMap<>();
        d.mappings().forEach((input, mapping) -> mappings.put(input, mapping.text()));
        out.put("mappings", mappings);
        return out;
    }
}
