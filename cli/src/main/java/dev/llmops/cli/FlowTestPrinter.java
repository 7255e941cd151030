package dev.llmops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmops.flow.AggregationResult;
import dev.llmops.flow.FlowTestResult;
import dev.llmops.flow.LineResult;
import dev.llmops.flow.NodeTrace;
import java.io.PrintWriter;
import java.util.List;

/** Prints {@code flow test} results: outputs as JSON, then a trace table per line. */
final class FlowTestPrinter {

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final PrintWriter out;
    private final boolean verbose;

    FlowTestPrinter(PrintWriter out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    void print(FlowTestResult result) {
        boolean many = result.lines().size() > 1;
        for (LineResult line : result.lines()) {
            if (many) {
                out.println("--- line " + line.lineNumber());
            }
            switch (line) {
                case LineResult.Success s -> out.println(toJson(s.outputs()));
                case LineResult.Failure f -> {
                    out.println("FAILED: " + f.message());
                    if (f.detail() != null && verbose) {
                        out.println(f.detail().stripTrailing());
                    } else if (f.detail() != null) {
                        out.println("(run with --verbose for the tool's traceback)");
                    }
                }
            }
            table(line.traces());
            out.println("total: " + line.latencyMillis() + " ms, "
                    + line.tokens().totalTokens() + " tokens (" + line.tokens().promptTokens() + " prompt, "
                    + line.tokens().completionTokens() + " completion)");
        }
        AggregationResult agg = result.aggregation();
        if (!agg.traces().isEmpty()) {
            out.println("--- aggregation");
            out.println("metrics: " + toJson(agg.metrics()));
            agg.failure().ifPresent(f -> out.println("FAILED: node '" + f.node() + "' failed: " + f.message()));
            table(agg.traces());
        }
        out.flush();
    }

    private void table(List<NodeTrace> traces) {
        int width = Math.max(
                4, traces.stream().mapToInt(t -> t.node().length()).max().orElse(4));
        String format = "%-" + width + "s  %-9s  %8s  %7s%s%n";
        out.printf(format, "NODE", "STATUS", "DURATION", "TOKENS", "");
        for (NodeTrace t : traces) {
            out.printf(
                    format,
                    t.node(),
                    t.status(),
                    t.durationMillis() + " ms",
                    t.tokens().totalTokens(),
                    t.error() == null ? "" : "  " + firstLine(t.error()));
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
