package dev.llmops.run;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a line's flow inputs from a data row and the dataset's column mappings.
 *
 * <p>For each flow input: a mapping {@code ${data.col}} reads the row's column; {@code ${run.outputs.x}} and
 * {@code ${run.inputs.x}} read the referenced run's line with the same line number; anything else is a constant.
 * An input without a mapping reads the same-named column when the row has it, else the flow's default. (Prompt
 * Flow lets a default hide a same-named column; here the data wins, which is what a dataset with that column
 * almost always means.) An input with neither is an error.
 */
public final class InputMapper {

    private static final Pattern REF = Pattern.compile("\\$\\{(data|run\\.outputs|run\\.inputs)\\.([^}]+)}");

    /** Where a mapped value comes from. */
    sealed interface Source {
        record Column(String column) implements Source {}

        record RunOutput(String name) implements Source {}

        record RunInput(String name) implements Source {}

        record Constant(Object value) implements Source {}

        record SameNamedColumnOrDefault(String column, boolean hasDefault, Object defaultValue) implements Source {}
    }

    private final DatasetInput dataset;
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Map<String, Object> rawMappings;

    public InputMapper(FlowSignature signature, DatasetInput dataset) {
        this.dataset = dataset;
        this.rawMappings = dataset.mappings();
        for (FlowSignature.Input input : signature.inputs().values()) {
            Object mapping = rawMappings.get(input.name());
            sources.put(
                    input.name(),
                    mapping == null
                            ? new Source.SameNamedColumnOrDefault(
                                    input.name(), input.hasDefault(), input.defaultValue())
                            : parse(mapping));
        }
    }

    private static Source parse(Object mapping) {
        if (mapping instanceof String s) {
            Matcher m = REF.matcher(s.strip());
            if (m.matches()) {
                return switch (m.group(1)) {
                    case "data" -> new Source.Column(m.group(2));
                    case "run.outputs" -> new Source.RunOutput(m.group(2));
                    default -> new Source.RunInput(m.group(2));
                };
            }
        }
        return new Source.Constant(mapping);
    }

    /** Whether any mapping reads a referenced run. */
    public boolean readsRun() {
        return sources.values().stream().anyMatch(s -> s instanceof Source.RunOutput || s instanceof Source.RunInput);
    }

    /**
     * Checks the mappings against a row (the first of the dataset) before any model call: every mapped column
     * must exist, every input without a default must be found. Reports every problem at once.
     */
    public void validate(DataRow row) {
        List<Problem> problems = problems(row);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private List<Problem> problems(DataRow row) {
        List<Problem> problems = new ArrayList<>();
        sources.forEach((input, source) -> {
            switch (source) {
                case Source.Column c
                when !row.values().containsKey(c.column()) ->
                    problems.add(Problem.error(
                            dataset.file(),
                            row.sourceLine(),
                            0,
                            "dataset '" + dataset.name() + "' (line_number " + row.lineNumber() + ")" + ": column '"
                                    + c.column() + "' not found (mapping " + input + ": " + rawMappings.get(input)
                                    + ")",
                            "columns are: " + String.join(", ", row.values().keySet())));
                case Source.SameNamedColumnOrDefault d
                when !d.hasDefault() && !row.values().containsKey(d.column()) ->
                    problems.add(Problem.error(
                            dataset.file(),
                            row.sourceLine(),
                            0,
                            "dataset '" + dataset.name() + "' (line_number " + row.lineNumber() + ")" + ": flow input '"
                                    + input + "' has no mapping, no column of that name and no default",
                            "add a column mapping, e.g. " + input + ": ${data.<column>}; columns are: "
                                    + String.join(", ", row.values().keySet())));
                default -> {}
            }
        });
        return problems;
    }

    /**
     * The flow inputs for a row.
     *
     * @param referenced the referenced run's line with the same number, or null when there is none
     * @throws ConfigException when the row lacks a mapped column (the runner records it as a failed line)
     */
    public Map<String, Object> map(DataRow row, ReferencedLine referenced) {
        List<Problem> problems = problems(row);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        sources.forEach((input, source) -> {
            switch (source) {
                case Source.Column c -> inputs.put(input, row.values().get(c.column()));
                case Source.Constant k -> inputs.put(input, k.value());
                case Source.SameNamedColumnOrDefault d ->
                    inputs.put(
                            input,
                            row.values().containsKey(d.column()) ? row.values().get(d.column()) : d.defaultValue());
                case Source.RunOutput o -> inputs.put(input, referenced(referenced, row, "outputs", o.name()));
                case Source.RunInput i -> inputs.put(input, referenced(referenced, row, "inputs", i.name()));
            }
        });
        return inputs;
    }

    private Object referenced(ReferencedLine line, DataRow row, String part, String name) {
        Map<String, Object> values = line == null ? null : "outputs".equals(part) ? line.outputs() : line.inputs();
        if (values == null || !values.containsKey(name)) {
            throw ConfigException.at(
                    dataset.file(),
                    row.sourceLine(),
                    0,
                    "dataset '" + dataset.name() + "' (line_number " + row.lineNumber() + ")" + ": ${run." + part + "."
                            + name
                            + "} not found in run '" + dataset.referencedRun() + "'"
                            + (line == null ? " (the run has no such line or it failed)" : ""),
                    "evaluate a completed run whose flow has that " + ("outputs".equals(part) ? "output" : "input"));
        }
        return values.get(name);
    }

    /** A line of a referenced run: its inputs and outputs. */
    public record ReferencedLine(int lineNumber, Map<String, Object> inputs, Map<String, Object> outputs) {}
}
