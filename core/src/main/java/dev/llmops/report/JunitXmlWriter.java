package dev.llmops.report;

import dev.llmops.eval.gate.GateResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml} in the JUnit XML dialect Jenkins, Azure DevOps and GitHub test reporters read: a
 * {@code <testsuite>} per evaluator; in it a passing {@code <testcase>} per evaluated (variant, dataset), with the
 * metrics in {@code <system-out>} (a {@code <failure>} when lines failed), plus a {@code <testcase>} per gate verdict, failed gates carrying a
 * {@code <failure message="...">}.
 */
public final class JunitXmlWriter implements ReportWriter {

    public static final String FILE_NAME = "junit.xml";

    @Override
    public List<Path> write(ReportModel model, Path reportDir) {
        return List.of(ReportFiles.writeAtomically(reportDir.resolve(FILE_NAME), w -> {
            try {
                XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(w);
                xml.writeStartDocument("UTF-8", "1.0");
                xml.writeCharacters("\n");
                xml.writeStartElement("testsuites");
                xml.writeAttribute("name", model.experiment());
                int tests = 0;
                int failures = 0;
                List<Suite> suites = new ArrayList<>();
                for (EvaluatorReport evaluator : model.evaluators()) {
                    List<GateResult> gates = model.gates().stream()
                            .filter(g -> g.evaluator().equals(evaluator.name()))
                            .toList();
                    int failed = (int) gates.stream().filter(g -> !g.passed()).count()
                            + (int) evaluator.runs().stream()
                                    .filter(r -> !r.erroredLines().isEmpty())
                                    .count();
                    suites.add(new Suite(evaluator, gates, evaluator.runs().size() + gates.size(), failed));
                    tests += evaluator.runs().size() + gates.size();
                    failures += failed;
                }
                xml.writeAttribute("tests", Integer.toString(tests));
                xml.writeAttribute("failures", Integer.toString(failures));
                for (Suite suite : suites) {
                    writeSuite(xml, model, suite);
                }
                xml.writeEndElement();
                xml.writeCharacters("\n");
                xml.writeEndDocument();
                xml.close();
            } catch (XMLStreamException e) {
                throw new java.io.IOException(e.getMessage(), e);
            }
        }));
    }

    private record Suite(EvaluatorReport evaluator, List<GateResult> gates, int tests, int failures) {}

    private static void writeSuite(XMLStreamWriter xml, ReportModel model, Suite suite) throws XMLStreamException {
        String className =
                "llmops." + model.experiment() + "." + suite.evaluator().name();
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", suite.evaluator().name());
        xml.writeAttribute("tests", Integer.toString(suite.tests()));
        xml.writeAttribute("failures", Integer.toString(suite.failures()));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", "0");
        xml.writeAttribute("timestamp", model.generatedAt().toString());
        for (EvaluationRun run : suite.evaluator().runs()) {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", className);
            xml.writeAttribute("name", "evaluate " + run.variant() + " on " + run.dataset());
            List<LineRow> errored = run.erroredLines();
            if (!errored.isEmpty()) {
                // Lines without a result are failures of the test, not only a count in its output.
                LineRow first = errored.get(0);
                String message = errored.size() + " of " + run.lines().size() + " lines failed (first: line "
                        + first.index() + (first.error() == null ? "" : ": " + first.error()) + ")";
                xml.writeStartElement("failure");
                xml.writeAttribute("message", message);
                xml.writeAttribute("type", "LinesFailed");
                xml.writeCharacters(message);
                xml.writeEndElement();
            }
            xml.writeStartElement("system-out");
            StringBuilder out = new StringBuilder();
            for (Metric m : run.metrics()) {
                out.append(m.name()).append(" = ").append(Values.number(m.value()));
                out.append(" (n = ")
                        .append(m.n())
                        .append(", failed = ")
                        .append(m.failed())
                        .append(')');
                m.interval().ifPresent(ci -> out.append(" (95% CI ")
                        .append(Values.number(ci.low()))
                        .append(" .. ")
                        .append(Values.number(ci.high()))
                        .append(')'));
                out.append('\n');
            }
            out.append("lines = ")
                    .append(run.lines().size())
                    .append(", failed = ")
                    .append(run.failedLines());
            xml.writeCharacters(out.toString());
            xml.writeEndElement();
            xml.writeEndElement();
        }
        for (GateResult gate : suite.gates()) {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", className);
            xml.writeAttribute("name", "gate " + gate.gate() + ": " + gate.variant() + " on " + gate.dataset());
            if (!gate.passed()) {
                xml.writeStartElement("failure");
                xml.writeAttribute("message", gate.message());
                xml.writeAttribute("type", "GateFailed");
                xml.writeCharacters(gate.message());
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }
}
