package dev.llmops.report;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTML reports, named like the CSVs: {@code <evaluator>_metrics.html} and {@code <experiment>_metrics.html}
 * (variant comparison per dataset with confidence intervals, charts, baseline deltas, gates) and
 * {@code <evaluator>_result.html} and {@code <experiment>_result.html} (the same summary plus the per-line
 * drill-down with a failures-only filter). Each file is self-contained: inline CSS and SVG, no network, no script.
 *
 * <p>The template uses FreeMarker's HTML output format, so every value from data or a model is escaped.
 */
public final class HtmlReportWriter implements ReportWriter {

    private static final String TEMPLATE = "report.ftlh";

    private final Configuration freemarker;

    public HtmlReportWriter() {
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setClassLoaderForTemplateLoading(HtmlReportWriter.class.getClassLoader(), "dev/llmops/report");
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setFallbackOnNullLoopVariable(false);
    }

    @Override
    public List<Path> write(ReportModel model, Path reportDir) {
        List<Path> files = new ArrayList<>();
        for (EvaluatorReport evaluator : model.evaluators()) {
            String base = ReportFiles.safeName(evaluator.name());
            List<EvaluatorReport> scope = List.of(evaluator);
            files.add(render(
                    reportDir.resolve(base + "_metrics.html"),
                    HtmlView.page(model, evaluator.name() + " – metrics", scope, false)));
            files.add(render(
                    reportDir.resolve(base + "_result.html"),
                    HtmlView.page(model, evaluator.name() + " – results", scope, true)));
        }
        if (!model.evaluators().isEmpty()) {
            String base = ReportFiles.safeName(model.experiment());
            files.add(render(
                    reportDir.resolve(base + "_metrics.html"),
                    HtmlView.page(model, model.experiment() + " – metrics", model.evaluators(), false)));
            files.add(render(
                    reportDir.resolve(base + "_result.html"),
                    HtmlView.page(model, model.experiment() + " – results", model.evaluators(), true)));
        }
        return files;
    }

    private Path render(Path file, Map<String, Object> page) {
        Template template;
        try {
            template = freemarker.getTemplate(TEMPLATE);
        } catch (IOException e) {
            throw new IllegalStateException("report template missing from the jar: " + TEMPLATE, e);
        }
        return ReportFiles.writeAtomically(file, writer -> {
            try {
                template.process(Map.of("page", page), writer);
            } catch (TemplateException e) {
                // A template error is our bug, not the user's; surface it as one.
                throw new IllegalStateException("report template failed: " + e.getMessage(), e);
            }
        });
    }
}
