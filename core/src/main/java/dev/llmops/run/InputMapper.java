package dev.llmops.run;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.experiment.Mapping;
import dev.llmops.flow.ValueRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a line's flow inputs from a data row and the dataset's column mappings.
 *
 * <p>For each flow input: a {@link Mapping.Column} reads the row's column; {@link Mapping.RunOutput} and
 * {@link Mapping.RunInput} read the referenced run's line with the same line number; a {@link Mapping.Constant} is
 * the same on every line. An input without a mapping reads the same-named column when the row has it, else the
 * flow's default. (Prompt Flow lets a default hide a same-named column; here the data wins, which is what a dataset
 * with that column almost always means.) An input with neither is an error.
 */
public final class InputMapper {

    /** Where a mapped value comes from: the dataset's mapping, or the same-named column or the default. */
    sealed interface Source {
        record Mapped(Mapping mapping) implements Source {}

        record SameNamedColumnOrDefault(String column, boolean hasDefault, Object defaultValue) implements Source {}
    }

    private final DatasetInput dataset;
    private final Map<String, Source> sources = new LinkedHashMap<>();

    public InputMapper(FlowSignature signature, DatasetInput dataset) {
        this.dataset = dataset;
        for (FlowSignature.Input input : signature.inputs().values()) {
            Mapping mapping = dataset.mappings().get(input.name());
            sources.put(
                    input.name(),
                    mapping == null
                            ? new Source.SameNamedColumnOrDefault(
                                    input.name(), input.hasDefault(), input.defaultValue())
                            : new Source.Mapped(mapping));
        }
    }

    /** Whether any mapping reads a referenced run. */
    public boolean readsRun() {
        return sources.values().stream()
                .anyMatch(s -> s instanceof Source.Mapped m && m.mapping().readsRun());
    }

    /**
     * Checks the mappings before any model call, as validate does: every mapped column must be in some row, every
     * input without a default must be found. Reports every problem at once, at the first row.
     *
     * @param columns the columns of every row of the dataset
     */
    public void validate(DataRow first, Set<String> columns) {
        List<Problem> problems = problems(first, columns);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private List<Problem> problems(DataRow row) {
        return problems(row, row.values().keySet());
    }

    private List<Problem> problems(DataRow row, Set<String> columns) {
        List<Problem> problems = new ArrayList<>();
        sources.forEach((input, source) -> {
            switch (source) {
                case Source.Mapped(Mapping.Column c)
                when !columns.contains(c.column()) ->
                    problems.add(Problem.error(
                            dataset.file(),
                            row.sourceLine(),
                            0,
                            "dataset '" + dataset.name() + "' (line_number " + row.lineNumber() + ")" + ": column '"
                                    + c.column() + "' not found (mapping " + input + ": "
                                    + c.text().strip()
                                    + ")",
                            "columns are: " + String.join(", ", columns)));
                case Source.SameNamedColumnOrDefault d
                when !d.hasDefault() && !columns.contains(d.column()) ->
                    problems.add(Problem.error(
                            dataset.file(),
                            row.sourceLine(),
                            0,
                            "dataset '" + dataset.name() + "' (line_number " + row.lineNumber() + ")" + ": flow input '"
                                    + input + "' has no mapping, no column of that name and no default",
                            "add a column mapping, e.g. " + input + ": ${data.<column>}; columns are: "
                                    + String.join(", ", columns)));
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
                case Source.Mapped(Mapping.Column c) ->
                    inputs.put(input, row.values().get(c.column()));
                case Source.Mapped(Mapping.Constant k) -> inputs.put(input, k.text());
                case Source.Mapped(Mapping.RunOutput o) ->
                    inputs.put(input, referenced(referenced, row, "outputs", o.name(), o.path()));
                case Source.Mapped(Mapping.RunInput i) ->
                    inputs.put(input, referenced(referenced, row, "inputs", i.name(), i.path()));
                case Source.SameNamedColumnOrDefault d ->
                    inputs.put(
                            input,
                            row.values().containsKey(d.column()) ? row.values().get(d.column()) : d.defaultValue());
            }
        });
        return inputs;
    }

    private Object referenced(ReferencedLine line, DataRow row, String part, String name, List<String> path) {
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
        try {
            return ValueRef.select(values.get(name), path, "run." + part + "." + name);
        } catch (IllegalArgumentException e) {
            throw ConfigException.at(
                    dataset.file(),
                    row.sourceLine(),
                    0,
                    "dataset '" + dataset.name() + "' (line_number " + row.lineNumber() + "): " + e.getMessage(),
                    "map a field the evaluated run's " + part + " have");
        }
    }

    /** A line of a referenced run: its inputs and outputs. */
    public record ReferencedLine(int lineNumber, Map<String, Object> inputs, Map<String, Object> outputs) {}
}
