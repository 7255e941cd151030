package dev.llmops.report;

import dev.llmops.SystemEnv;
import dev.llmops.eval.gate.GateResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Under Azure Pipelines ({@code TF_BUILD} set) prints one {@code ##vso[task.logissue type=error]} line per failed
 * gate, so the failures show on the build summary. Prints nothing elsewhere.
 */
public final class AzureDevOpsLogger implements ReportWriter {

    public static final String VARIABLE = "TF_BUILD";

    private final SystemEnv env;
    private final PrintWriter out;

    public AzureDevOpsLogger(SystemEnv env, PrintWriter out) {
        this.env = env;
        this.out = out;
    }

    @Override
    public List<Path> write(ReportModel model, Path reportDir) {
        if (env.get(VARIABLE).filter(s -> !s.isBlank()).isEmpty()) {
            return List.of();
        }
        for (GateResult gate : model.gates()) {
            if (!gate.passed()) {
                out.println("##vso[task.logissue type=error]" + escape(gate.message()));
            }
        }
        out.flush();
        return List.of();
    }

    /** Azure Pipelines' logging-command escaping, so a message cannot end the command or start another. */
    static String escape(String message) {
        return message.replace("%", "%AZP25")
                .replace("\r", "%0D")
                .replace("\n", "%0A")
                .replace("]", "%5D")
                .replace(";", "%3B");
    }
}
