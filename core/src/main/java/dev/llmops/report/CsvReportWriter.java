package dev.llmops.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The template-compatible CSV reports: per evaluator {@code <evaluator>_result.csv} (one row per line) and
 * {@code <evaluator>_metrics.csv} (one row per evaluation run), per experiment {@code <experiment>_result.csv}
 * (adds {@code stage}, {@code experiment_name}, {@code build}) and {@code <experiment>_metrics.csv}.
 *
 * <p>Columns follow the template: {@code inputs.*}, {@code outputs.*}, node-variant columns, {@code dataset},
 * {@code flow_name}, {@code exp_run}; then columns the template lacks ({@code variant}, {@code eval_run}, line
 * status, confidence intervals). Unlike the template, {@code exp_run} is the standard run of each row (template
 * bug 19) and there is no 100-row cap. RFC 4180 quoting; lists and objects are JSON.
 *
 * <p>Cells and headers are neutralised against formula injection as OWASP recommends: one that starts with
 * {@code = + - @}, a tab or a carriage return gets a leading {@code '}, so a spreadsheet shows model output as
 * text instead of running it. Numbers ({@code -0.5}, {@code -1e-3}, {@code -Infinity}) are left as they are.
 */
public final class CsvReportWriter implements ReportWriter {

    /** A number as llmops writes one: a spreadsheet reads it as a value, never as a formula. */
    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?Infinity");

    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();

    @Override
    public List<Path> write(ReportModel model, Path reportDir) {
        List<Path> files = new ArrayList<>();
        List<Map<String, Object>> allResults = new ArrayList<>();
        List<Map<String, Object>> allMetrics = new ArrayList<>();
        for (EvaluatorReport evaluator : model.evaluators()) {
            List<Map<String, Object>> results = resultRows(evaluator);
            List<Map<String, Object>> metrics = metricRows(evaluator);
            String base = ReportFiles.safeName(evaluator.name());
            files.add(writeTable(reportDir.resolve(base + "_result.csv"), results));
            files.add(writeTable(reportDir.resolve(base + "_metrics.csv"), metrics));
            for (Map<String, Object> row : results) {
                Map<String, Object> withStage = new LinkedHashMap<>(row);
                withStage.put("stage", model.env());
                withStage.put("experiment_name", model.experiment());
                withStage.put("build", model.build());
                allResults.add(withStage);
            }
            allMetrics.addAll(metrics);
        }
        if (!model.evaluators().isEmpty()) {
            String base = ReportFiles.safeName(model.experiment());
            files.add(writeTable(reportDir.resolve(base + "_result.csv"), allResults));
            files.add(writeTable(reportDir.resolve(base + "_metrics.csv"), allMetrics));
        }
        return files;
    }

    static List<Map<String, Object>> resultRows(EvaluatorReport evaluator) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EvaluationRun run : evaluator.runs()) {
            for (LineRow line : run.lines()) {
                Map<String, Object> row = new LinkedHashMap<>();
                line.inputs().forEach((k, v) -> row.put("inputs." + k, v));
                line.outputs().forEach((k, v) -> row.put("outputs." + k, v));
                line.scores().forEach((k, v) -> row.putIfAbsent("outputs." + k, v));
                row.put("line_number", line.index());
                row.put("ground_truth", line.groundTruth());
                row.put("status", line.status().name().toLowerCase(java.util.Locale.ROOT));
                row.put("error", line.error());
                annotate(row, evaluator, run);
                rows.add(row);
            }
        }
        return rows;
    }

    static List<Map<String, Object>> metricRows(EvaluatorReport evaluator) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EvaluationRun run : evaluator.runs()) {
            Map<String, Object> row = new LinkedHashMap<>();
            run.metrics().forEach(m -> row.put(m.name(), m.value()));
            annotate(row, evaluator, run);
            row.put("lines", run.lines().size());
            row.put("failed_lines", run.failedLines());
            for (Metric m : run.metrics()) {
                m.interval().ifPresent(ci -> {
                    row.put(m.name() + "_ci_low", ci.low());
                    row.put(m.name() + "_ci_high", ci.high());
                });
                row.put(m.name() + "_n", m.n());
                row.put(m.name() + "_failed", m.failed());
            }
            rows.add(row);
        }
        return rows;
    }

    private static void annotate(Map<String, Object> row, EvaluatorReport evaluator, EvaluationRun run) {
        run.nodeVariants().forEach(row::put);
        row.put("dataset", run.evalDataset());
        row.put("flow_name", evaluator.name());
        row.put("exp_run", run.standardRunId());
        row.put("variant", run.variant());
        row.put("standard_dataset", run.dataset());
        row.put("eval_run", run.runId());
    }

    private static Path writeTable(Path file, List<Map<String, Object>> rows) {
        Set<String> header = new LinkedHashSet<>();
        rows.forEach(r -> header.addAll(r.keySet()));
        return ReportFiles.writeAtomically(file, writer -> {
            try (CSVPrinter printer = new CSVPrinter(writer, FORMAT)) {
                printer.printRecord(
                        header.stream().map(CsvReportWriter::neutralise).toList());
                for (Map<String, Object> row : rows) {
                    List<String> cells = new ArrayList<>(header.size());
                    for (String column : header) {
                        cells.add(neutralise(Values.text(row.get(column))));
                    }
                    printer.printRecord(cells);
                }
            }
        });
    }

    /** OWASP's CSV injection defence: a leading {@code '} for a cell a spreadsheet would take for a formula. */
    static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return risky && !NUMBER.matcher(cell).matches() ? "'" + cell : cell;
    }
}
